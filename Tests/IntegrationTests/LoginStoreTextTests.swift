import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// What a login says about where the secret is kept is true: a bound login without a
/// keyring keeps no copy and says only that; a `--store file` login that replaces a keyring
/// login takes the keyring's item away, or says that it stays.
@Suite("login: where the secret is kept")
struct LoginStoreTextTests {
    @Test("a bound login with no keyring: 'no copy stored', never 'stored in secret-service'")
    func boundWithoutKeyring() async throws {
        try await withSandbox { sandbox in
            let openShift = try await sandbox.startOpenShift()
            let registry = try await sandbox.startRegistry(.token(openShift))
            try await sandbox.regctl(["trust", "install", registry.host, "--ca-file", try sandbox.writeCAFile(), "--scope", "user"]).required()
            let token = "sha256~\(UUID().uuidString)"
            openShift.grant(token: token, to: "developer")
            try sandbox.writeKubeconfig(openShift: openShift, token: token)
            let login = try await sandbox.regctl(["login", registry.host])
            #expect(login.status == 0, "\(login)")
            #expect(login.stdout.contains("verified by the registry; no copy stored: the credential helper serves the context's token."), "\(login.stdout)")
            #expect(!login.stdout.contains("stored in secret-service"), "\(login.stdout)")
            #expect(login.stderr.contains("no copy is stored"), "the warning says why: \(login.stderr)")
        }
    }

    @Test("--store file over a keyring login: the keyring's item goes; with the keyring unreachable it stays, and the warning says so")
    func fileOverKeyring() async throws {
        try await withSandbox { sandbox in
            let world = try await LoginTests.World.make(sandbox)
            let host = world.registry.host
            sandbox.allowSecret(in: sandbox.dockerConfigFile)
            sandbox.allowSecret(in: sandbox.containersAuthFile)
            let regctl = Sandbox.productsDirectory.appendingPathComponent("regctl").path
            let keyringLogin = ["login", host, "--token-stdin", "--username", "developer"]
            try await sandbox.regctl(keyringLogin, stdin: world.token + "\n").required()
            #expect(try await world.keyringSecret() == world.token)

            let unreachable = try await sandbox.run(
                [regctl] + keyringLogin + ["--store", "file"], stdin: world.token + "\n",
                adding: ["DBUS_SESSION_BUS_ADDRESS": "unix:path=\(sandbox.root.path)/no-bus"]
            )
            #expect(unreachable.status == 0, "\(unreachable)")
            #expect(unreachable.stderr.contains("the keyring's copy of the earlier login to \(host) stays there until regctl logout \(host) runs while the keyring can be reached"),
                    "\(unreachable.stderr)")
            #expect(try await world.keyringSecret() == world.token, "it stayed, as said")

            try await sandbox.regctl(keyringLogin, stdin: world.token + "\n").required()
            let reachable = try await sandbox.regctl(keyringLogin + ["--store", "file"], stdin: world.token + "\n")
            #expect(reachable.status == 0, "\(reachable)")
            #expect(!reachable.stderr.contains("stays there"), "\(reachable.stderr)")
            #expect(try await world.keyringSecret() == nil, "the earlier login's keyring item is gone")
        }
    }
}
