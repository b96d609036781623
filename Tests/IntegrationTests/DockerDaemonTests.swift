import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// The real docker daemon (`dockerd`) pulling from a registry regctl set up: it reads the
/// CA from the `/etc/docker/certs.d` regctl writes and gets the credential through the
/// docker CLI and `docker-credential-regctl`. The registry is on 192.0.2.10 in a network
/// namespace of the test's own: dockerd would skip verification on 127.0.0.0/8.
@Suite("docker daemon")
struct DockerDaemonTests {
    @Test("dockerd refuses the registry without the CA (x509), after trust install wants credentials, after login pulls through regctl's helper")
    func daemonPullsThroughRegctl() async throws {
        try await withSandbox { sandbox in
            let password = "pw-\(UUID())"
            _ = try await sandbox.startKeyring()
            let namespace = try await sandbox.startNetworkNamespace(binds: try sandbox.dockerdBinds())
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": password]), in: namespace)
            let host = registry.host
            let reference = "\(host)/team/hello:1"
            let digest = try await push(sandbox, to: reference, password: password, in: namespace)
            let daemon = try await sandbox.startDockerDaemon(in: namespace)

            let untrusted = try await sandbox.docker(["pull", reference], daemon: daemon)
            #expect(untrusted.status == 1, "\(untrusted)")
            #expect(untrusted.stderr.contains(#"Error response from daemon: Get "https://\#(host)/v2/": x509: certificate signed by unknown authority"#), "\(untrusted.stderr)")

            let install = try await sandbox.regctl(["trust", "install", host, "--ca-file", try sandbox.writeCAFile(), "--scope", "system"], in: namespace)
            try #require(install.status == 0, "\(install)")
            let caFile = sandbox.sysroot.appendingPathComponent("etc/docker/certs.d/\(host)/ca.crt")
            #expect(try String(contentsOf: caFile, encoding: .utf8) == (try sandbox.authority.certificatePEM))

            let anonymous = try await sandbox.docker(["pull", reference], daemon: daemon)
            #expect(anonymous.status == 1, "\(anonymous)")
            #expect(anonymous.stderr.contains(#"Error response from daemon: Head "https://\#(host)/v2/team/hello/manifests/1": no basic auth credentials"#), "\(anonymous.stderr)")
            #expect(!anonymous.stderr.contains("x509"), "\(anonymous.stderr)")

            let login = try await sandbox.regctl(["login", host, "--token-stdin", "--username", "alice"], in: namespace, stdin: password)
            try #require(login.status == 0, "\(login)")
            let config = try #require(try sandbox.readJSON(sandbox.dockerConfigFile))
            #expect(config["credHelpers"]?[host]?.stringValue == "regctl", "\(config)")
            #expect(config["auths"]?[host] == nil, "the credential is in the keyring, not in docker's file: \(config)")

            let pull = try await sandbox.docker(["pull", reference], daemon: daemon)
            #expect(pull.status == 0, "\(pull)")
            #expect(pull.stdout.contains("Status: Downloaded newer image for \(reference)"), "\(pull.stdout)")
            let inspect = try await sandbox.docker(["image", "inspect", "--format", "{{json .RepoDigests}}", reference], daemon: daemon)
            #expect(inspect.status == 0, "\(inspect)")
            #expect(inspect.stdout == #"["\#(host)/team/hello@\#(digest)"]"# + "\n", "the daemon holds the pushed manifest: \(inspect)")
        }
    }

    /// Pushes the test image with skopeo inside the namespace (its own auth file and the
    /// CA as a cert dir, nothing regctl wrote); returns the manifest digest.
    private func push(_ sandbox: Sandbox, to reference: String, password: String, in namespace: NetworkNamespace) async throws -> String {
        let image = try await sandbox.makeTestImage()
        let host = String(reference.prefix { $0 != "/" })
        let certs = sandbox.root.appendingPathComponent("push-certs")
        try sandbox.write(try sandbox.authority.certificatePEM, to: certs.appendingPathComponent("ca.crt"))
        let authFile = sandbox.root.appendingPathComponent("push-auth.json")
        let auth = Data("alice:\(password)".utf8).base64EncodedString()
        try sandbox.write(#"{"auths":{"\#(host)":{"auth":"\#(auth)"}}}"#, to: authFile)
        sandbox.allowSecret(in: authFile)
        let digestFile = sandbox.root.appendingPathComponent("push-digest")
        let copy = try await sandbox.run(
            ["skopeo", "copy", "--authfile", authFile.path, "--dest-cert-dir", certs.path, "--digestfile", digestFile.path, image.reference, "docker://\(reference)"],
            in: namespace
        )
        try #require(copy.status == 0, "\(copy)")
        return try String(contentsOf: digestFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
