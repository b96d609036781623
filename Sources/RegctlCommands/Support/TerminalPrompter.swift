import FoundationEssentials
import RegctlCore

/// Shows certificates on stderr and reads yes/no answers from stdin.
struct TerminalPrompter: TrustPrompter {
    func show(_ summary: CertificateSummary, title: String) {
        Console.standardError.write("""
            \(title):
              SHA-256:     \(summary.fingerprint)
              valid:       \(summary.notBefore.formatted(.iso8601)) to \(summary.notAfter.formatted(.iso8601))
              subject:     \(summary.subject)
              issuer:      \(summary.issuer)

            """)
    }

    func confirmSending(to host: RegistryHost, despite concerns: [String]) -> Bool {
        confirm((concerns.map { "regctl: \($0)." } + ["Send your cluster token to \(host)?"]).joined(separator: "\n"))
    }

    func confirm(_ question: String) -> Bool {
        Console.standardError.write("\(UntrustedText.escaped(question, keepingLines: true)) [y/N] ")
        guard let answer = readLine(strippingNewline: true)?.trimmed.lowercased() else { return false }
        return answer == "y" || answer == "yes"
    }
}
