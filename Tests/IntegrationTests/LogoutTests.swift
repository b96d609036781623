import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// `regctl logout` means logged out: afterwards podman, skopeo and docker send nothing for
/// the registry from any file or store regctl wires, whoever wrote it.
@Suite("logout")
struct LogoutTests {
    static let otherHost = "other.example:5000"
    /// Another registry's entries, which every logout must keep as they are.
    static let otherAuth = JSONValue.object(["auth": .string(Data("other:kept-as-it-is".utf8).base64EncodedString())])

    @Test("plain entries from podman login and docker login, and regctl's own: logout removes each, names the files, keeps other hosts; the clients then send nothing")
    func removesEveryCredential() async throws {
        try await withSandbox { sandbox in
            sandbox.desktopAuthFiles()
            let world = try await LoginTests.World.make(sandbox, user: "developer")
            let host = world.registry.host
            let persistent = sandbox.configHome.appendingPathComponent("containers/auth.json")
            let runtime = sandbox.containersAuthFile
            let docker = sandbox.dockerConfigFile
            for file in [persistent, runtime, docker] {
                try sandbox.write(#"{"auths": {"\#(Self.otherHost)": \#(Self.otherAuth.serialized(indent: nil))}, "credHelpers": {"gcr.io": "gcloud"}}"#, to: file)
            }
            // docker first, as a user who had logged in with docker before regctl.
            try await dockerLogin(sandbox, host: host, token: world.token)
            try #require(try await sandbox.regctl(["login", host]).succeeded)
            let podman = try await sandbox.podman(["login", "--authfile", persistent.path, "--username", "developer", "--password-stdin", host], stdin: world.token)
            try #require(podman.succeeded, "\(podman)")
            // An entry by URL, as older docker versions wrote them.
            try addAuth(Data("developer:\(world.token)".utf8).base64EncodedString(), key: "https://\(host)/v1/", to: docker)
            let image = try await sandbox.makeTestImage()
            let reference = "\(host)/developer/hello:1"
            try #require(try await sandbox.run(["skopeo", "copy", image.reference, "docker://\(reference)"]).succeeded, "logged in: skopeo pushes")

            let out = try await sandbox.regctl(["logout", host])
            #expect(out.status == 0, "\(out)")
            #expect(out.stdout.hasPrefix("Logged out of \(host).\n"), "\(out.stdout)")
            #expect(out.stdout.contains("  removed its item from the keyring\n"), "\(out.stdout)")
            #expect(out.stdout.contains("  removed credHelpers[\(host)] from \(runtime.path)\n"), "\(out.stdout)")
            #expect(out.stdout.contains("  removed auths[\(host)] from \(persistent.path)\n"), "\(out.stdout)")
            #expect(out.stdout.contains("  removed credHelpers[\(host)], auths[https://\(host)/v1/] from \(docker.path)"), "\(out.stdout)")

            for file in [persistent, runtime, docker] {
                let document = try #require(try sandbox.readJSON(file), "\(file.path)")
                #expect(document["auths"]?.objectValue?.keys.elementsEqual([Self.otherHost]) == true, "\(file.path): \(document.serialized())")
                #expect(document["auths"]?[Self.otherHost] == Self.otherAuth, "\(file.path)")
                #expect(document["credHelpers"]?.objectValue?.keys.elementsEqual(["gcr.io"]) == true, "\(file.path): \(document.serialized())")
            }
            #expect(try await sandbox.keyringServers()[host] == nil)

            let skopeo = try await sandbox.run(["skopeo", "inspect", "docker://\(reference)"])
            #expect(!skopeo.succeeded && skopeo.stderr.contains("authentication required"), "skopeo sends nothing: \(skopeo)")
            let pull = try await sandbox.podman(["pull", reference])
            #expect(!pull.succeeded && pull.stderr.contains("authentication required"), "podman sends nothing: \(pull)")
            let dockerAgain = try await dockerLoginWithStoredCredentials(sandbox, host: host)
            #expect(!dockerAgain.succeeded && dockerAgain.stderr.contains("non TTY"), "docker finds nothing to log in with: \(dockerAgain)")

            let again = try await sandbox.regctl(["logout", host])
            #expect(again.status == 0 && again.stdout == "Not logged in to \(host); nothing to do.\n", "\(again)")
        }
    }

    @Test("a credential another helper keeps is named with docker logout as the fix; --json lists what went")
    func namesOtherHelpers() async throws {
        try await withSandbox { sandbox in
            let world = try await LoginTests.World.make(sandbox, user: "developer")
            let host = world.registry.host
            try #require(try await sandbox.regctl(["login", host]).succeeded)
            let persistent = sandbox.configHome.appendingPathComponent("containers/auth.json")
            try sandbox.write(#"{"credHelpers": {"\#(host)": "pass"}}"#, to: persistent)
            let out = try await sandbox.regctl(["logout", host, "--json"])
            #expect(out.status == 0, "\(out)")
            let report = try JSONValue(parsing: out.stdout)["loggedOut"]?.arrayValue?.first
            #expect(report?["host"]?.stringValue == host)
            let places = report?["removed"]?.arrayValue?.compactMap { $0["place"]?.stringValue } ?? []
            #expect(places == ["keyring", sandbox.containersAuthFile.path, persistent.path, sandbox.dockerConfigFile.path], "\(out.stdout)")
            #expect(try sandbox.entries("credHelpers", in: persistent).isEmpty, "regctl removes any helper entry for HOST")

            try sandbox.write(#"{"credsStore": "pass"}"#, to: sandbox.dockerConfigFile)
            try #require(try await sandbox.regctl(["login", host]).succeeded)
            try sandbox.write(#"{"credsStore": "pass"}"#, to: sandbox.dockerConfigFile)
            let text = try await sandbox.regctl(["logout", host])
            #expect(text.stdout.contains("docker-credential-pass (credsStore in \(sandbox.dockerConfigFile.path)) may still hold a credential for \(host), which regctl does not remove. Run: docker logout \(host)"), "\(text.stdout)")
        }
    }

    /// `docker login` for real (no daemon: the CLI checks the credential itself, trusting the
    /// sandbox's CA through `SSL_CERT_FILE`), writing wherever docker writes.
    @Test("a keyring that is there but does not answer (stopped with SIGSTOP): exit 4, nothing changed; once it answers, logout works")
    func keyringThatDoesNotAnswer() async throws {
        try await withSandbox { sandbox in
            let world = try await LoginTests.World.make(sandbox, user: "developer")
            let host = world.registry.host
            try #require(try await sandbox.regctl(["login", host]).succeeded)
            let keyring = world.keyring
            let before = sandbox.fileSnapshot()

            try #require(kill(keyring.daemon.pid, SIGSTOP) == 0)
            let out = try await sandbox.regctl(["logout", host])
            try #require(kill(keyring.daemon.pid, SIGCONT) == 0)
            #expect(out.status == 4, "\(out)")
            #expect(out.stderr.contains("no answer within the time limit"), "\(out.stderr)")
            #expect(sandbox.fileSnapshot() == before, "nothing may change")
            #expect(try await sandbox.keyringSecret(host) == world.token, "the keyring's item stays")

            let again = try await sandbox.regctl(["logout", host])
            #expect(again.status == 0, "\(again)")
            #expect(try await sandbox.keyringServers()[host] == nil)
        }
    }

    func dockerLogin(_ sandbox: Sandbox, host: String, token: String) async throws {
        let login = try await docker(sandbox, ["login", host, "-u", "developer", "--password-stdin"], stdin: token)
        try #require(login.succeeded, "\(login)")
    }

    /// `docker login HOST` with no user name: docker logs in with what it has stored, or
    /// asks for a user name, which it cannot without a terminal.
    func dockerLoginWithStoredCredentials(_ sandbox: Sandbox, host: String) async throws -> CommandResult {
        try await docker(sandbox, ["login", host])
    }

    /// The docker CLI, traced for the secret audit like every program of the sandbox.
    private func docker(_ sandbox: Sandbox, _ arguments: [String], stdin: String = "") async throws -> CommandResult {
        try await sandbox.run(["docker"] + arguments, stdin: stdin, adding: [
            "SSL_CERT_FILE": try sandbox.writeCAFile(), "DOCKER_HOST": "unix://\(sandbox.root.path)/no-docker-daemon.sock",
        ])
    }

    func addAuth(_ auth: String, key: String, to file: URL) throws {
        var document = try JSONValue(parsing: String(contentsOf: file, encoding: .utf8))
        var auths = document["auths"] ?? .object([:])
        auths[key] = .object(["auth": .string(auth)])
        document["auths"] = auths
        try document.serialized().write(to: file, atomically: true, encoding: .utf8)
    }
}
