import Foundation
import RegctlTestSupport
import Testing

/// Proves the harness: real skopeo and podman push to and pull from the real registry in
/// both flavours, over TLS from the throwaway CA, and the registry really enforces auth.
@Suite("Registry harness")
struct RegistryHarnessTests {
    @Test("skopeo pushes to and pulls from the htpasswd registry, podman pulls")
    func htpasswdRegistry() async throws {
        try await withSandbox { sandbox in
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": "wonderland-\(UUID())"]))
            let password = try #require(registry.password(for: "alice"))
            try await roundTrip(sandbox, registry: registry, user: "alice", secret: password)
        }
    }

    @Test("skopeo pushes to and pulls from the token registry through the OpenShift stand-in")
    func tokenRegistry() async throws {
        try await withSandbox { sandbox in
            let openShift = try await sandbox.startOpenShift()
            let registry = try await sandbox.startRegistry(.token(openShift))
            let token = "sha256~\(UUID().uuidString)"
            openShift.grant(token: token, to: "developer")
            try await roundTrip(sandbox, registry: registry, user: "ignored", secret: token)

            openShift.revoke(token: token)
            let authFile = try writeAuthFile(sandbox, host: registry.host, user: "ignored", secret: token)
            let refused = try await sandbox.run(
                ["skopeo", "inspect", "--authfile", authFile, "--cert-dir", try caDirectory(sandbox), "docker://\(registry.host)/team/hello:1"]
            )
            #expect(!refused.succeeded, "a revoked token must not be accepted: \(refused)")
        }
    }

    private func roundTrip(_ sandbox: Sandbox, registry: RegistryServer, user: String, secret: String) async throws {
        let content = "round trip \(UUID())\n"
        let image = try await sandbox.makeTestImage(content: content)
        let certs = try caDirectory(sandbox)
        let reference = "\(registry.host)/team/hello:1"

        let anonymous = try await sandbox.run(["skopeo", "copy", "--dest-cert-dir", certs, image.reference, "docker://\(reference)"])
        #expect(!anonymous.succeeded, "the registry must refuse a push without credentials: \(anonymous)")

        let authFile = try writeAuthFile(sandbox, host: registry.host, user: user, secret: secret)
        let push = try await sandbox.run(["skopeo", "copy", "--authfile", authFile, "--dest-cert-dir", certs, image.reference, "docker://\(reference)"])
        try #require(push.succeeded, "\(push)")

        let out = sandbox.root.appendingPathComponent("pulled-\(UUID().uuidString.prefix(6))").path
        let pull = try await sandbox.run(["skopeo", "copy", "--authfile", authFile, "--src-cert-dir", certs, "docker://\(reference)", "oci:\(out):pulled"])
        try #require(pull.succeeded, "\(pull)")
        let unpack = try await sandbox.run(["umoci", "unpack", "--rootless", "--image", "\(out):pulled", "\(out)-bundle"])
        try #require(unpack.succeeded, "\(unpack)")
        #expect(try String(contentsOfFile: "\(out)-bundle/rootfs/hello.txt", encoding: .utf8) == content)

        let podmanPull = try await sandbox.podman(["pull", "--authfile", authFile, "--cert-dir", certs, reference])
        #expect(podmanPull.succeeded, "\(podmanPull)")
        let images = try await sandbox.podman(["images", "--format", "{{.Repository}}:{{.Tag}}"])
        #expect(images.stdout.contains(reference), "\(images)")
    }

    private func caDirectory(_ sandbox: Sandbox) throws -> String {
        let directory = sandbox.root.appendingPathComponent("harness-ca")
        try sandbox.write(try sandbox.authority.certificatePEM, to: directory.appendingPathComponent("ca.crt"))
        return directory.path
    }

    private func writeAuthFile(_ sandbox: Sandbox, host: String, user: String, secret: String) throws -> String {
        let file = sandbox.root.appendingPathComponent("harness-auth.json")
        let auth = Data("\(user):\(secret)".utf8).base64EncodedString()
        try sandbox.write(#"{"auths":{"\#(host)":{"auth":"\#(auth)"}}}"#, to: file)
        sandbox.allowSecret(in: file)
        return file.path
    }
}
