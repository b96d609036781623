import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// A pin is a pin: `--fingerprint`s cover every certificate `trust install --ca-file` installs.
extension TrustInstallTests {
    @Test("a bundle of two CAs: one --fingerprint is refused, naming the other; both install both, and skopeo verifies")
    func bundlePinnedWhole() async throws {
        try await withSandbox { sandbox in
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": "pw-\(UUID())"]))
            let authFile = try writeAuthFile(sandbox, registry: registry)
            let other = try TestCertificateAuthority(name: "other CA")
            let bundle = try sandbox.authority.certificatePEM + other.certificatePEM
            let file = try sandbox.writeCAFile(bundle, name: "bundle.pem")
            let pinned = CertificateSummary.fingerprint(of: sandbox.authority.root.certificate)
            let unpinned = CertificateSummary.fingerprint(of: other.root.certificate)
            let before = sandbox.fileSnapshot()

            let refused = try await sandbox.regctl(["trust", "install", registry.host, "--ca-file", file, "--fingerprint", pinned, "--scope", "user"])
            #expect(refused.status == 1, "\(refused)")
            #expect(refused.stderr == """
                Error: fingerprint mismatch: \(file) holds a certificate no --fingerprint names: O=regctl tests,CN=other CA (SHA-256 \(unpinned))
                Install only what the published fingerprints name: remove the certificate no --fingerprint names from \(file).

                """, "\(refused.stderr)")
            #expect(sandbox.fileSnapshot() == before)

            let installed = try await sandbox.regctl(["trust", "install", registry.host, "--ca-file", file, "--fingerprint", pinned, "--fingerprint", unpinned.lowercased(), "--scope", "user"])
            #expect(installed.status == 0, "\(installed)")
            let caFile = sandbox.certsRoots[0].appendingPathComponent("\(registry.host)/ca.crt")
            let engines = ["docker", "containerd"].map { sandbox.configHome.appendingPathComponent("\($0)/certs.d/\(registry.host)/ca.crt").path }
            #expect(installed.stdout == """
                2 CAs for \(registry.host) from \(file), verified against \(registry.host):
                  SHA-256 \(pinned)  O=regctl tests,CN=regctl test CA
                  SHA-256 \(unpinned)  O=regctl tests,CN=other CA
                  installed\(String(repeating: " ", count: 7))\(caFile.path)
                  installed\(String(repeating: " ", count: 7))\(engines[0])
                  installed\(String(repeating: " ", count: 7))\(engines[1])

                """, "\(installed.stdout)")
            #expect(try String(contentsOf: caFile, encoding: .utf8) == bundle)
            let inspect = try await sandbox.run(["skopeo", "inspect", "--authfile", authFile, "docker://\(registry.host)/team/none:1"])
            #expect(!inspect.stderr.contains("certificate"), "TLS must verify with the installed bundle: \(inspect)")
            #expect(inspect.stderr.contains("manifest unknown") || inspect.stderr.contains("not found"), "\(inspect)")
        }
    }

    @Test("a --fingerprint that names no certificate of the file is refused, also beside the right ones", arguments: [false, true])
    func fingerprintOfNothing(besideTheRightOne: Bool) async throws {
        try await withSandbox { sandbox in
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": "unused-password"]))
            let file = try sandbox.writeCAFile()
            let right = CertificateSummary.fingerprint(of: sandbox.authority.root.certificate)
            let stranger = CertificateSummary.fingerprint(of: try TestCertificateAuthority(name: "stranger CA").root.certificate)
            let before = sandbox.fileSnapshot()
            let pins = besideTheRightOne ? ["--fingerprint", right, "--fingerprint", stranger] : ["--fingerprint", stranger]
            let refused = try await sandbox.regctl(["trust", "install", registry.host, "--ca-file", file] + pins)
            #expect(refused.status == 1, "\(refused)")
            let unpinned = besideTheRightOne ? "" : ", and a certificate no --fingerprint names: O=regctl tests,CN=regctl test CA (SHA-256 \(right))"
            #expect(refused.stderr.hasPrefix("Error: fingerprint mismatch: \(file) holds no certificate with the fingerprint \(stranger)\(unpinned)\n"),
                    "\(refused.stderr)")
            #expect(refused.stderr.split(separator: "\n").count == 2, "\(refused.stderr)")
            #expect(sandbox.fileSnapshot() == before)
        }
    }
}
