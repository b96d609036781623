import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// helm's own `registry/config.json`, read before docker's: wired when helm's config directory
/// exists, proven with skopeo reading that same docker-format file.
@Suite("helm wiring")
struct HelmWiringTests {
    @Test("login replaces helm's shadowing entry with credHelpers, skopeo uses it, logout keeps the rest; no helm directory, no file")
    func helmFile() async throws {
        try await withSandbox { sandbox in
            _ = try await sandbox.startKeyring()
            let secret = "pw-\(UUID().uuidString)"
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": secret]))
            try #require(try await sandbox.regctl(["trust", "install", registry.host, "--ca-file", try sandbox.writeCAFile(), "--scope", "user"]).succeeded)
            let host = try RegistryHost(registry.host)
            let helmFile = sandbox.configHome.appendingPathComponent("helm/registry/config.json")
            let keyring = KeyringThroughHelper(sandbox: sandbox)
            let wiring = CredentialWiring(
                keyring: keyring,
                authFiles: AuthFiles(locations: AuthFileLocations(environment: sandbox.regctlEnvironment)),
                config: RegctlConfigFile(environment: sandbox.regctlEnvironment)
            )

            try wiring.save(Credential(server: registry.host, username: "alice", secret: secret), for: host, in: .secretService)
            try await keyring.flush()
            #expect(!FileManager.default.fileExists(atPath: helmFile.deletingLastPathComponent().deletingLastPathComponent().path), "no helm directory: nothing created")
            let image = try await sandbox.makeTestImage()
            let reference = "docker://\(registry.host)/team/chart:1"
            try #require(try await sandbox.run(["skopeo", "copy", image.reference, reference]).succeeded)

            let other = "{\n\t\"auths\": {\n\t\t\"other.example\": {\n\t\t\t\"auth\": \"dTpw\"\n\t\t}\n\t}\n}\n"
            let stale = Data("alice:wrong".utf8).base64EncodedString()
            try sandbox.write(
                "{\n\t\"auths\": {\n\t\t\"other.example\": {\n\t\t\t\"auth\": \"dTpw\"\n\t\t},\n\t\t\"\(registry.host)\": {\n\t\t\t\"auth\": \"\(stale)\"\n\t\t}\n\t}\n}\n",
                to: helmFile
            )
            let before = try await sandbox.run(["skopeo", "inspect", "--authfile", helmFile.path, reference])
            #expect(!before.succeeded, "helm's stale entry shadows regctl: \(before)")

            try wiring.save(Credential(server: registry.host, username: "alice", secret: secret), for: host, in: .secretService)
            try await keyring.flush()
            #expect(try String(contentsOf: helmFile, encoding: .utf8)
                == "{\n\t\"auths\": {\n\t\t\"other.example\": {\n\t\t\t\"auth\": \"dTpw\"\n\t\t}\n\t},\n\t\"credHelpers\": {\n\t\t\"\(registry.host)\": \"regctl\"\n\t}\n}\n")
            let after = try await sandbox.run(["skopeo", "inspect", "--authfile", helmFile.path, reference])
            #expect(after.succeeded, "\(after)")

            let logout = try await sandbox.regctl(["logout", registry.host])
            #expect(logout.succeeded, "\(logout)")
            #expect(try String(contentsOf: helmFile, encoding: .utf8) == other.replacingOccurrences(of: "\t}\n}\n", with: "\t},\n\t\"credHelpers\": {}\n}\n"), "only HOST's entry went")
        }
    }
}
