import RegctlCore
import RegctlTestSupport
import Testing

@Suite("Certificate bundle")
struct CertificateBundleTests {
    @Test("a bundle of two certificates parses in order")
    func twoCertificates() throws {
        let authority = try TestCertificateAuthority()
        let other = try TestCertificateAuthority(name: "other CA")
        let bundle = try CertificateBundle(pem: try authority.certificatePEM + other.certificatePEM, source: "bundle.pem")
        #expect(bundle.certificates.map { CertificateSummary($0).subject } == ["O=regctl tests,CN=regctl test CA", "O=regctl tests,CN=other CA"])
        #expect(bundle.certificates.allSatisfy { CertificateSummary($0).isCA })
    }

    @Test("a private key in the bundle is refused")
    func privateKeyRefused() throws {
        let authority = try TestCertificateAuthority()
        #expect(throws: TrustError.self) {
            try CertificateBundle(pem: try authority.certificatePEM + authority.root.privateKeyPEM, source: "bundle.pem")
        }
    }

    @Test("text without PEM, broken base64 and a non-certificate DER are refused", arguments: [
        "just some text",
        "{\"not\": \"pem\"}",
        "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n",
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
        "-----BEGIN CERTIFICATE-----\nMIIBAAAA\n",
    ])
    func malformed(pem: String) {
        #expect(throws: TrustError.self) { try CertificateBundle(pem: pem, source: "bad.pem") }
    }

    @Test("fingerprints compare in any case, with or without colons")
    func fingerprintComparison() throws {
        let certificate = try TestCertificateAuthority().root.certificate
        let fingerprint = CertificateSummary.fingerprint(of: certificate)
        #expect(fingerprint.count == 95)
        #expect(CertificateSummary.sameFingerprint(fingerprint, fingerprint.lowercased().replacingOccurrences(of: ":", with: "")))
        let lastDigitChanged = String(fingerprint.dropLast()) + (fingerprint.hasSuffix("0") ? "1" : "0")
        #expect(!CertificateSummary.sameFingerprint(fingerprint, lastDigitChanged))
    }
}

@Suite("Privileged command text")
struct PrivilegedCommandTests {
    @Test("words with shell-special characters are quoted so the command can be pasted", arguments: [
        ("/tmp/ca.pem", "/tmp/ca.pem"),
        ("/tmp/my ca.pem", "'/tmp/my ca.pem'"),
        ("it's.pem", #"'it'\''s.pem'"#),
        ("REGCTL_SYSROOT=/srv/root", "REGCTL_SYSROOT=/srv/root"),
    ])
    func quoting(word: String, expected: String) {
        #expect(ShellWords.quoted(word) == expected)
    }
}
