import FoundationEssentials
import RegctlCore

/// The text `regctl setup` prints: the outcome first, then one short block per step.
enum SetupSummary {
    static func text(_ report: SetupReport, scope: TrustScope) -> String {
        let steps: [SetupStep] = [.registry(report.registry), .trust(report.trust), .login(report.login), .checked(report.registry.host)]
        let clients = scope == .user ? "podman and skopeo" : "podman, skopeo and docker"
        let headline = report.alreadySetUp
            ? "\(report.registry.host) was already set up for \(clients); nothing changed."
            : "\(report.registry.host) is set up for \(clients)."
        return ([headline] + steps.flatMap(lines(for:)) + ["Try: \(report.next)"]).joined(separator: "\n")
    }

    static func lines(for step: SetupStep) -> [String] {
        switch step {
        case .registry(let registry):
            return row("registry", ["\(registry.host), from \(registry.source)"])
        case .trust(let trust):
            guard let ca = trust.certificates.first else { return row("CA", ["none needed: \(trust.origin)"]) }
            var lines: [String]
            if trust.certificates.count == 1 {
                lines = ["\(ca.subject), from \(trust.origin)", "SHA-256 \(ca.fingerprint), expires \(ca.notAfter.formatted(.iso8601))"]
            } else {
                lines = ["\(trust.certificates.count) CAs, from \(trust.origin)"]
                lines += trust.certificates.map { "\($0.subject): SHA-256 \($0.fingerprint), expires \($0.notAfter.formatted(.iso8601))" }
            }
            for entry in trust.entries {
                let outcome = entry.outcome == .alreadyTrusted ? "already in" : "\(entry.outcome.rawValue) in"
                lines.append("\(outcome) \(entry.path)")
            }
            return row("CA", lines)
        case .login(let login):
            let source = login.context.map { " with the token of kubeconfig context \($0)" } ?? ""
            let store = login.store == .secretService ? "the keyring" : "the auth files (unencrypted)"
            let kept = login.copyStored ? "\(login.changed ? "stored in" : "already in") \(store)" : "no copy stored: the credential helper serves the context's token"
            var lines = ["\(UntrustedText.escaped(login.username))\(source), \(kept)"]
            if let expiry = login.tokenExpiry { lines.append("token expires \(TimeText.dateAndDistance(expiry))") }
            return row("login", lines)
        case .checked:
            return row("checked", ["the registry accepts the stored credential with the CAs podman and skopeo load"])
        }
    }

    private static func row(_ title: String, _ lines: [String]) -> [String] {
        lines.enumerated().map { index, line in
            "  " + (index == 0 ? title : "").padded(to: 10) + line
        }
    }
}
