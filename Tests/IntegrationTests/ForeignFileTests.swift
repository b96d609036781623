import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// A user's credentials come only from the user's own files: regctl, run as a real
/// unprivileged account (the victim), neither reads a kubeconfig, tokenFile or CA file nor
/// runs an exec plugin that another real account (the other user) can change.
@Suite("files another user controls")
struct ForeignFileTests {
    /// A token registry the victim trusts, its kubeconfig (its own, 0600) and the other user.
    struct World {
        let sandbox: Sandbox
        let openShift: OpenShiftStandIn
        let host: String
        let token: String
        let victim: TestUser
        let other: TestUser
        /// A world-writable sticky directory, as /tmp.
        let shared: URL

        static func make(_ sandbox: Sandbox) async throws -> World {
            let openShift = try await sandbox.startOpenShift()
            let registry = try await sandbox.startRegistry(.token(openShift))
            let token = "sha256~\(UUID().uuidString)"
            openShift.grant(token: token, to: "developer")
            let victim = try await TestUser.make(in: sandbox)
            let other = try await TestUser.make(in: sandbox)
            let shared = sandbox.root.appendingPathComponent("shared")
            try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
            try #require(chmod(shared.path, 0o1777) == 0)
            let world = World(sandbox: sandbox, openShift: openShift, host: registry.host, token: token, victim: victim, other: other, shared: shared)
            try await world.writeKubeconfig(user: "token: \(token)", to: world.victimKubeconfig, owner: victim)
            let trust = try await world.asVictim(["trust", "install", registry.host, "--ca-file", try sandbox.writeCAFile(), "--scope", "user"])
            guard trust.succeeded else { throw HarnessError("trust install failed: \(trust)") }
            return world
        }

        var victimKubeconfig: URL { victim.home.appendingPathComponent(".kube/config") }
        var mark: URL { shared.appendingPathComponent("plugin-ran") }
        var otherToken: String { "sha256~other-users-token-0123456789" }

        /// Writes a kubeconfig whose context is the victim's (same name, same server), owned by
        /// `owner`: 0600 the victim's, 0644 the other user's (readable, as an attacker leaves it).
        func writeKubeconfig(user: String, to file: URL, owner: TestUser) async throws {
            try sandbox.writeKubeconfig(openShift: openShift, user: user, file: file)
            if user.contains(token) { sandbox.allowSecret(in: file) }
            try #require(chmod(file.path, owner.uid == victim.uid ? 0o600 : 0o644) == 0)
            try await owner.own(file.path.hasPrefix(owner.home.path + "/") ? owner.home : file)
        }

        /// The other user's exec plugin at `file`: it leaves ``mark`` and gives the other user's token.
        func writeOtherPlugin(to file: URL) async throws {
            try await sandbox.writeExecutable("""
                #!/bin/sh
                touch '\(mark.path)'
                echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"\(otherToken)"}}'
                """, to: file)
            try await other.own(file)
        }

        func execSection(_ command: String) -> String {
            "exec:\n  apiVersion: client.authentication.k8s.io/v1\n  command: \(command)\n  interactiveMode: Never"
        }

        func asVictim(_ arguments: [String], adding: [String: String] = [:]) async throws -> CommandResult {
            try await victim.run([Sandbox.productsDirectory.appendingPathComponent("regctl").path] + arguments, in: sandbox, environment: victim.session(sandbox, adding: adding))
        }

        func helperGet(adding: [String: String] = [:]) async throws -> CommandResult {
            try await victim.run([try Sandbox.credentialHelperPath, "get"], in: sandbox, environment: victim.session(sandbox, adding: adding), stdin: host)
        }

        /// A day later: the expiry regctl recorded for the stored token has passed, so the
        /// helper renews it from the login's source.
        func ageStoredToken() throws {
            let file = victim.home.appendingPathComponent(".config/regctl/config.json")
            var config = try JSONValue(parsing: String(contentsOf: file, encoding: .utf8))
            var registry = try #require(config["registries"]?[host])
            var token = try #require(registry["token"], "login records the stored token: \(config)")
            token["expiry"] = .string("2001-01-01T00:00:00Z")
            registry["token"] = token
            config["registries"]?[host] = registry
            try config.serialized().write(to: file, atomically: false, encoding: .utf8)
        }

        /// Every file under the victim's home, with its bytes.
        func victimFiles() -> [String: Data] {
            let paths = FileManager.default.enumerator(atPath: victim.home.path)?.compactMap { $0 as? String } ?? []
            return Dictionary(uniqueKeysWithValues: paths.map { ($0, FileManager.default.contents(atPath: victim.home.appendingPathComponent($0).path) ?? Data()) })
        }
    }

    @Test("KUBECONFIG names a file in a shared directory that is absent at login: the binding leaves it out, and the other user's file there is never read")
    func absentFileOnTheSearchPath() async throws {
        try await withSandbox { sandbox in
            let world = try await World.make(sandbox)
            let extra = world.shared.appendingPathComponent("extra.yaml")
            let search = ["KUBECONFIG": "\(extra.path):\(world.victimKubeconfig.path)"]
            let login = try await world.asVictim(["login", world.host], adding: search)
            try #require(login.succeeded, "\(login)")

            let plugin = world.shared.appendingPathComponent("plugin")
            try await world.writeOtherPlugin(to: plugin)
            try await world.writeKubeconfig(user: world.execSection(plugin.path), to: extra, owner: world.other)
            try world.ageStoredToken()
            let get = try await world.helperGet(adding: search)
            #expect(get.succeeded, "\(get)")
            #expect(try JSONValue(parsing: get.stdout)["Secret"]?.stringValue == world.token, "the victim's own token: \(get)")
            #expect(!FileManager.default.fileExists(atPath: world.mark.path), "the other user's plugin ran as the victim")

            let again = try await world.asVictim(["login", world.host], adding: search)
            #expect(again.status == 2, "\(again)")
            #expect(again.stderr.contains("the kubeconfig \(extra.path) belongs to uid \(world.other.uid) (\(world.other.name))"), "\(again)")
            #expect(!FileManager.default.fileExists(atPath: world.mark.path), "the other user's plugin ran as the victim")
        }
    }

    @Test("--kubeconfig in a shared directory, deleted and made again by another user: the helper refuses it, status names it")
    func recreatedKubeconfig() async throws {
        try await withSandbox { sandbox in
            let world = try await World.make(sandbox)
            let file = world.shared.appendingPathComponent("x.yaml")
            try await world.writeKubeconfig(user: "token: \(world.token)", to: file, owner: world.victim)
            let login = try await world.asVictim(["login", world.host, "--kubeconfig", file.path])
            try #require(login.succeeded, "\(login)")

            try FileManager.default.removeItem(at: file)
            let plugin = world.shared.appendingPathComponent("plugin")
            try await world.writeOtherPlugin(to: plugin)
            try await world.writeKubeconfig(user: world.execSection(plugin.path), to: file, owner: world.other)
            try world.ageStoredToken()
            let get = try await world.helperGet()
            #expect(!get.succeeded, "no keyring holds a copy: \(get)")
            #expect(!get.stdout.contains(world.otherToken), "\(get)")
            #expect(!FileManager.default.fileExists(atPath: world.mark.path), "the other user's plugin ran as the victim")
            let status = try await world.asVictim(["status", world.host, "--offline"])
            #expect(status.stdout.contains("the kubeconfig \(file.path) belongs to uid \(world.other.uid) (\(world.other.name))"), "\(status)")
        }
    }

    struct Refused: CustomTestStringConvertible, Sendable {
        let name: String
        var testDescription: String { name }
    }

    @Test("login refuses a file others can change, naming it and why; the victim's files stay unchanged", arguments: [
        Refused(name: "a kubeconfig writable by every user"),
        Refused(name: "a kubeconfig in a directory every user may write, without the sticky bit"),
        Refused(name: "a tokenFile of another user"),
        Refused(name: "a CA file of another user"),
        Refused(name: "an exec plugin of another user, found on PATH"),
    ])
    func refusedAtLogin(_ variant: Refused) async throws {
        try await withSandbox { sandbox in
            let world = try await World.make(sandbox)
            let otherFile = world.shared.appendingPathComponent("others")
            var kubeconfig = world.victimKubeconfig
            var adding: [String: String] = [:]
            let says: String
            switch variant.name {
            case "a kubeconfig writable by every user":
                try #require(chmod(kubeconfig.path, 0o666) == 0)
                says = "the kubeconfig \(kubeconfig.path) is writable by every user"
            case "a kubeconfig in a directory every user may write, without the sticky bit":
                let open = sandbox.root.appendingPathComponent("open")
                kubeconfig = open.appendingPathComponent("config")
                try await world.writeKubeconfig(user: "token: \(world.token)", to: kubeconfig, owner: world.victim)
                try #require(chmod(open.path, 0o777) == 0)
                says = "the kubeconfig \(kubeconfig.path) is not yours alone: \(open.path) is writable by every user"
            case "a tokenFile of another user":
                try sandbox.write(world.token, to: otherFile)
                sandbox.allowSecret(in: otherFile)
                try await world.other.own(otherFile)
                try await world.writeKubeconfig(user: "tokenFile: \(otherFile.path)", to: kubeconfig, owner: world.victim)
                says = "the tokenFile \(otherFile.path) belongs to uid \(world.other.uid) (\(world.other.name))"
            case "a CA file of another user":
                try sandbox.write(try sandbox.authority.certificatePEM, to: otherFile)
                try await world.other.own(otherFile)
                let text = try String(contentsOf: kubeconfig, encoding: .utf8)
                let withFile = text.replacing(#/certificate-authority-data: \S+/#, with: "certificate-authority: \(otherFile.path)")
                try withFile.write(to: kubeconfig, atomically: false, encoding: .utf8)
                says = "the CA file \(otherFile.path) belongs to uid \(world.other.uid) (\(world.other.name))"
            default:
                let directory = world.shared.appendingPathComponent("bin")
                try await world.writeOtherPlugin(to: directory.appendingPathComponent("regctl-test-sso"))
                try await world.writeKubeconfig(user: world.execSection("regctl-test-sso"), to: kubeconfig, owner: world.victim)
                adding["PATH"] = "\(directory.path):" + (sandbox.environment["PATH"] ?? "")
                says = "the exec plugin \(directory.path)/regctl-test-sso belongs to uid \(world.other.uid) (\(world.other.name))"
            }
            let before = world.victimFiles()
            let login = try await world.asVictim(["login", world.host, "--kubeconfig", kubeconfig.path], adding: adding)
            #expect(login.status == 2, "\(login)")
            #expect(login.stderr.contains(says), "\(login)")
            #expect(world.victimFiles() == before)
            #expect(!FileManager.default.fileExists(atPath: world.mark.path), "the other user's plugin ran as the victim")
        }
    }

    @Test("umask 002: a 0664 kubeconfig whose group is the victim's alone works; once the group has another member it is refused")
    func userPrivateGroup() async throws {
        try await withSandbox { sandbox in
            let world = try await World.make(sandbox)
            let kubeconfig = world.victimKubeconfig.path
            try #require(chmod(kubeconfig, 0o664) == 0)
            let login = try await world.asVictim(["login", world.host])
            #expect(login.succeeded, "\(login)")

            let joined = try await ProgramRunner.run(["gpasswd", "-a", world.other.name, world.victim.name], environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"])
            try #require(joined.succeeded, "\(joined)")
            let again = try await world.asVictim(["login", world.host])
            #expect(again.status == 2, "\(again)")
            #expect(again.stderr.contains("the kubeconfig \(kubeconfig) is writable by its group (gid \(world.victim.gid)), which has members besides you"), "\(again)")
        }
    }
}
