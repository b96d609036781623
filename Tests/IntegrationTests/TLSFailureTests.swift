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

    @Test("login: a certificate the certs.d CA does not verify is tried once more with the system roots, then refused in words")
    func untrustedWidensOnce() async throws {
        try await withSandbox { sandbox in
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": "pw-\(UUID())"]), authority: try TestCertificateAuthority(name: "another CA"))
            try sandbox.write(sandbox.authority.certificatePEM, to: sandbox.configHome.appendingPathComponent("containers/certs.d/\(registry.host)/ca.crt"))
            let login = try await sandbox.regctl(["login", registry.host, "--token-stdin", "--username", "alice", "-v"], stdin: "not-sent")
            #expect(login.status == 1, "\(login)")
            #expect(login.stderr.contains("the given CAs do not verify its certificate; trusting the system roots as well"), "\(login.stderr)")
            #expect(login.stderr.contains("\(registry.host) is not trusted: its certificate does not verify (unknown certificate authority"), "\(login.stderr)")
        }
    }
}
