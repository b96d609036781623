/// How trust commands talk to the person at the terminal: show what was found, ask yes/no.
public protocol TrustPrompter: Sendable {
    /// Shows a certificate the user is about to trust or replace.
    func show(_ summary: CertificateSummary, title: String)
    /// Asks a yes/no question; `false` unless the answer is yes.
    func confirm(_ question: String) -> Bool
    /// Asks whether a cluster token may go to `host` all the same, given `concerns` about
    /// where it goes; `false` unless the answer is yes.
    func confirmSending(to host: RegistryHost, despite concerns: [String]) -> Bool
}
