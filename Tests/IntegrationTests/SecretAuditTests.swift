import Foundation
import RegctlTestSupport
import Testing

/// The secret audit every sandbox runs at teardown can fail: planted secrets are found.
@Suite("secret audit")
struct SecretAuditTests {
    @Test("finds a secret in argv, in the environment, in a grandchild's argv, in error output and in a file as base64 user:secret")
    func findsPlantedSecrets() async throws {
        try await withSandbox { sandbox in
            let secret = "planted-\(UUID().uuidString)"
            sandbox.auditSecret(secret)
            #expect(sandbox.auditFindings().isEmpty)

            _ = try await sandbox.run(["true", secret])
            sandbox.setEnvironment("PLANTED", secret)
            _ = try await sandbox.run(["true"])
            sandbox.setEnvironment("PLANTED", nil)
            _ = try await sandbox.run(["sh", "-c", #"read s; /bin/true "$s""#], stdin: secret + "\n")
            _ = try await sandbox.run(["sh", "-c", "cat >&2"], stdin: secret)
            try sandbox.write(#"{"auth": "\#(Data("someone:\(secret)".utf8).base64EncodedString())"}"#, to: sandbox.home.appendingPathComponent("stray.json"))

            let findings = sandbox.auditFindings()
            #expect(findings.count == 5, "\(findings)")
            #expect(findings.count { $0.contains("argv or environment of /usr/bin/true") } == 2, "\(findings)")
            #expect(findings.contains { $0.contains("argv or environment of /usr/bin/sh") }, "\(findings)")
            #expect(findings.contains { $0.contains("error output of `sh`") }, "\(findings)")
            #expect(findings.contains { $0.contains("/home/stray.json") }, "\(findings)")
            sandbox.withdrawSecret(secret)
        }
    }
}
