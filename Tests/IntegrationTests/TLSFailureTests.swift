import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// A TLS failure is told as one, by what the handshake refused, never as a registry that
/// cannot be reached.
@Suite("TLS failures")
struct TLSFailureTests {
    @Test("trust verify: a certificate for another name fails verification and says why; it is not 'unreachable'")
    func otherName() async throws {
        try await withSandbox { sandbox in
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": "unused-password"]), serverNames: ["registry.example"])
            let host = registry.host
            try sandbox.write(sandbox.authority.certificatePEM, to: sandbox.configHome.appendingPathComponent("containers/certs.d/\(host)/ca.crt"))
            let verify = try await sandbox.regctl(["trust", "verify", host, "--scope", "user", "--json"])
            #expect(verify.status == 1, "\(verify)")
            let report = try JSONDecoder.iso8601.decode(TrustVerificationReport.self, from: Data(verify.stdout.utf8))
            let check = try #require(report.checks.first)
            #expect(check.result == .wrongCA && !check.verified, "\(check)")
            #expect(check.reason?.contains("its certificate is issued for registry.example, not 127.0.0.1 (wrong host name)") == true, "\(check)")
        }
    }

    @Test("trust verify: a server that closes the connection at the TLS hello is said to have done so")
    func closedAtHello() async throws {
        try await withSandbox { sandbox in
            let server = try await MisbehavingServer(.closeAtOnce, certificate: try sandbox.authority.issueServerCertificate())
            sandbox.onShutdown { await server.stop() }
            try sandbox.write(sandbox.authority.certificatePEM, to: sandbox.configHome.appendingPathComponent("containers/certs.d/\(server.host)/ca.crt"))
            let verify = try await sandbox.regctl(["trust", "verify", server.host, "--scope", "user"])
            #expect(verify.status == 1, "\(verify)")
            #expect(verify.stdout.contains("TLS verification of \(server.host) failed: the connection closed during the TLS handshake"), "\(verify)")
        }
    }
}
