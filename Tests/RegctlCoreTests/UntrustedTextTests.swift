import Foundation
import RegctlCore
import RegctlTestSupport
import Testing
import X509

/// Text from certificates, servers and files is shown, never obeyed by the terminal.
@Suite("untrusted text")
struct UntrustedTextTests {
    @Test("controls, DEL, C1 and bidirectional overrides are escaped; line breaks only where asked")
    func escapes() {
        let hostile = "ok\u{1B}[2J\r\nSHA-256: FAKE\u{7F}\u{9B}\u{202E}txt\tend"
        #expect(UntrustedText.escaped(hostile) == #"ok\u{1B}[2J\u{D}\u{A}SHA-256: FAKE\u{7F}\u{9B}\u{202E}txt\u{9}end"#)
        #expect(UntrustedText.escaped(hostile, keepingLines: true) == "ok\\u{1B}[2J\\u{D}\nSHA-256: FAKE\\u{7F}\\u{9B}\\u{202E}txt\tend")
        #expect(UntrustedText.escaped("CN=Ingress Operator, O=Ünïcode ✓") == "CN=Ingress Operator, O=Ünïcode ✓")
    }

    @Test("a certificate whose subject carries escape sequences is summarised without them")
    func certificateSubject() throws {
        let authority = try TestCertificateAuthority(name: "evil\u{1B}]0;title\u{7}\r\nSHA-256: 00:00")
        let summary = CertificateSummary(authority.root.certificate)
        #expect(!summary.subject.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "\(summary.subject)")
        #expect(summary.subject.contains(#"evil\u{1B}]0\;title\u{7}\u{D}\u{A}SHA-256: 00:00"#), "\(summary.subject)")
        #expect(summary.issuer == summary.subject)
    }
}
