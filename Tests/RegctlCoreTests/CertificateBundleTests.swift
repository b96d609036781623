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

@Suite("Fingerprint pins")
struct FingerprintPinsTests {
    let first: TestCertificateAuthority
    let second: TestCertificateAuthority

    init() throws {
        first = try TestCertificateAuthority(name: "first CA")
        second = try TestCertificateAuthority(name: "second CA")
    }

    private func fingerprint(_ authority: TestCertificateAuthority) -> String {
        CertificateSummary.fingerprint(of: authority.root.certificate)
    }

    @Test("no pins, or one for each certificate in any case and order: nothing to refuse")
    func paired() {
        let certificates = [first.root.certificate, second.root.certificate]
        #expect(FingerprintPins([]).mismatch(certificates, source: "b.pem", isFile: true) == nil)
        let pins = FingerprintPins([fingerprint(second).lowercased().replacingOccurrences(of: ":", with: ""), fingerprint(first)])
        #expect(pins.mismatch(certificates, source: "b.pem", isFile: true) == nil)
    }

    @Test("a certificate no pin names is listed with its fingerprint; the advice is to remove it, never to pin it")
    func unpinned() throws {
        let mismatch = try #require(FingerprintPins([fingerprint(first)]).mismatch(
            [first.root.certificate, second.root.certificate], source: "b.pem", isFile: true
        ))
        #expect(mismatch.unmatched.isEmpty)
        #expect(mismatch.unpinned == [CertificateSummary(second.root.certificate)])
        #expect(mismatch.message == "fingerprint mismatch: b.pem holds a certificate no --fingerprint names: O=regctl tests,CN=second CA (SHA-256 \(fingerprint(second)))")
        #expect(mismatch.fix.text == "Install only what the published fingerprints name: remove the certificate no --fingerprint names from b.pem.")
        #expect(!mismatch.fix.text.contains(fingerprint(second)), "never advise pinning what just failed the pins")
    }

    @Test("a pin that names no certificate is refused, beside the right one too")
    func unmatched() throws {
        let mismatch = try #require(FingerprintPins([fingerprint(first), fingerprint(second)]).mismatch(
            [first.root.certificate], source: "the CA reg.example presents", isFile: false
        ))
        #expect(mismatch.unmatched == [fingerprint(second)])
        #expect(mismatch.unpinned.isEmpty)
        #expect(mismatch.message == "fingerprint mismatch: the CA reg.example presents holds no certificate with the fingerprint \(fingerprint(second))")
        #expect(mismatch.fix.text == "Do not install it: compare the fingerprint with the one your cluster administrator published.")
    }

    @Test("a wrong pin for the server's CA: both the pin and the CA are named, and nothing says to edit a file")
    func wrongPinForServer() throws {
        let mismatch = try #require(FingerprintPins([fingerprint(second)]).mismatch([first.root.certificate], source: "the CA reg.example presents", isFile: false))
        #expect(mismatch.message.hasSuffix("holds no certificate with the fingerprint \(fingerprint(second)), and a certificate no --fingerprint names: O=regctl tests,CN=first CA (SHA-256 \(fingerprint(first)))"))
        #expect(mismatch.fix.text == "Do not install it: compare the fingerprint with the one your cluster administrator published.")
        #expect(!mismatch.fix.text.contains(fingerprint(first)), "the server's CA failed the pin: never advise pinning it")
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
