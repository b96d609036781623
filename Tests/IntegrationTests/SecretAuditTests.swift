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

    @Test("finds a secret that programs started without waiting print or get, in base64url and unpadded base64 too")
    func findsInStartedProgramsAndEncodings() async throws {
        try await withSandbox { sandbox in
            // Its base64 holds '+' and '/' at every alignment, so base64url differs.
            let secret = "planted-\(UUID().uuidString)>>>???"
            sandbox.auditSecret(secret)
            _ = try await sandbox.start(["sh", "-c", "cat >&2"], stdin: secret).wait()
            _ = try await sandbox.start(["true", secret]).wait()
            let standard = Data("someone:\(secret)".utf8).base64EncodedString()
            let urlSafe = standard.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            try #require(urlSafe != standard.replacingOccurrences(of: "=", with: ""))
            try sandbox.write(urlSafe, to: sandbox.home.appendingPathComponent("url-safe.txt"))
            try sandbox.write(standard.replacingOccurrences(of: "=", with: ""), to: sandbox.runtimeDirectory.appendingPathComponent("unpadded.txt"))

            let findings = sandbox.auditFindings()
            #expect(findings.count == 4, "\(findings)")
            #expect(findings.contains { $0.contains("error output of `sh`") }, "\(findings)")
            #expect(findings.contains { $0.contains("argv or environment of /usr/bin/true") }, "\(findings)")
            #expect(findings.contains { $0.contains("/home/url-safe.txt") }, "\(findings)")
            #expect(findings.contains { $0.contains("/run/unpadded.txt") }, "\(findings)")
            sandbox.withdrawSecret(secret)
        }
    }

    @Test("a secret too short to look for, and a secret a terminal showed, fail the test at teardown")
    func failsAtTeardown() async throws {
        let secret = "shown-\(UUID().uuidString)"
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("regctl-audit-\(UUID().uuidString)")
        try secret.write(to: outside, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: outside) }
        let error = await #expect(throws: HarnessError.self) {
            try await withSandbox { sandbox in
                sandbox.auditSecret("short")
                sandbox.auditSecret(secret)
                let terminal = try await sandbox.terminal("cat \(outside.path)")
                try await terminal.waitFor(secret)
            }
        }
        let text = error?.description ?? ""
        #expect(text.contains("a secret of 5 characters (sh…) was registered"), "\(text)")
        #expect(text.contains("the terminal running `cat \(outside.path)` holds the secret"), "\(text)")
    }
}
