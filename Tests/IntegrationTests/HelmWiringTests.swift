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
            let wired = try await WiredRegistry.start(in: sandbox)
            let registry = wired.registry
            let helmFile = sandbox.configHome.appendingPathComponent("helm/registry/config.json")

            try await wired.save()
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

            try await wired.save()
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
