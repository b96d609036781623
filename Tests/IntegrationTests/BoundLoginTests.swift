import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// A login bound to a kubeconfig context follows it: the helper serves the context's token,
/// touches the keyring only when that token changed, and what a client stores or erases ends
/// the binding.
@Suite("bound logins")
struct BoundLoginTests {
    @Test("get of an unchanged token does not touch the keyring: it still answers with the keyring daemon stopped")
    func keyringUntouched() async throws {
        try await withSandbox { sandbox in
            let world = try await LoginTests.World.make(sandbox)
            try #require(try await sandbox.regctl(["login", world.registry.host]).succeeded)
            await world.keyring.stop()
            let get = try await sandbox.credentialHelper(["get"], stdin: world.registry.host)
            #expect(get.status == 0, "\(get.status) \(get.stdout)")
            #expect(try JSONValue(parsing: get.stdout)["Secret"]?.stringValue == world.token)
        }
    }

    @Test("after `oc login` writes a new token, get serves it and the keyring copy follows (as docker's helper reads it)")
    func keyringFollows() async throws {
        try await withSandbox { sandbox in
            let world = try await LoginTests.World.make(sandbox)
            try #require(try await sandbox.regctl(["login", world.registry.host]).succeeded)
            let renewed = "sha256~\(UUID().uuidString)"
            world.openShift.grant(token: renewed, to: "kube:admin")
            try sandbox.writeKubeconfig(openShift: world.openShift, token: renewed)
            let get = try await sandbox.credentialHelper(["get"], stdin: world.registry.host)
            #expect(try JSONValue(parsing: get.stdout)["Secret"]?.stringValue == renewed)
            let docker = try await sandbox.run(["docker-credential-secretservice", "get"], stdin: world.registry.host)
            #expect(try JSONValue(parsing: docker.stdout)["Secret"]?.stringValue == renewed, "the keyring copy follows")
        }
    }

    @Test("podman login over a bound login wins: get serves what the user stored, not the context's token")
    func clientStoreEndsBinding() async throws {
        try await withSandbox { sandbox in
            let world = try await LoginTests.World.make(sandbox)
            try #require(try await sandbox.regctl(["login", world.registry.host]).succeeded)
            let other = "sha256~\(UUID().uuidString)"
            world.openShift.grant(token: other, to: "someone")
            let login = try await sandbox.podman(["login", "--username", "someone", "--password-stdin", world.registry.host], stdin: other)
            try #require(login.succeeded, "\(login)")
            let get = try await sandbox.credentialHelper(["get"], stdin: world.registry.host)
            #expect(try JSONValue(parsing: get.stdout)["Secret"]?.stringValue == other)
            #expect(try JSONValue(parsing: get.stdout)["Username"]?.stringValue == "someone")
        }
    }

    @Test("podman logout of a bound login: get answers not found and podman pull is refused; the context does not bring it back")
    func clientEraseEndsBinding() async throws {
        try await withSandbox { sandbox in
            let world = try await LoginTests.World.make(sandbox)
            try #require(try await sandbox.regctl(["login", world.registry.host]).succeeded)
            let image = try await sandbox.makeTestImage()
            let reference = "\(world.registry.host)/developer/app:1"
            try #require(try await sandbox.run(["skopeo", "copy", image.reference, "docker://\(reference)"]).succeeded)
            let logout = try await sandbox.podman(["logout", world.registry.host])
            try #require(logout.succeeded, "\(logout)")
            let get = try await sandbox.credentialHelper(["get"], stdin: world.registry.host)
            #expect(get.status == 1)
            #expect(get.stdout == CredentialHelperProtocol.notFound + "\n")
            let pull = try await sandbox.podman(["pull", reference])
            #expect(!pull.succeeded, "\(pull)")
        }
    }
}
