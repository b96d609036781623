/// One cell of `regctl status`'s table: a word or two, and the verdict it is shown in.
public struct StatusCell: Sendable, Equatable {
    public let title: String
    /// `ok` for good news; anything else takes the registry's health, as its other cells do.
    public let verdict: Health

    public init(title: String, verdict: Health) {
        self.title = title
        self.verdict = verdict
    }
}

extension RegistryStatus {
    /// Whether the clients trust the registry: `ok`, the first failing check's result, `CA
    /// expiring`, `unreachable` or `unchecked`.
    public var trustCell: StatusCell {
        let problem = problems.first { $0.area == .trust || $0.area == .network }
        if problem?.area == .network { return cell("unreachable", good: false) }
        if problem?.severity == .failing, let check = trust.first(where: { ![.ok, .unchecked].contains($0.result) }) {
            return cell(check.result.title, good: false)
        }
        if problem != nil { return cell("CA expiring", good: false) }
        return trust.first?.result == .unchecked ? cell(TrustResult.unchecked.title, good: false) : cell(TrustResult.ok.title, good: true)
    }

    /// What the registry says of the credential the clients send, or `none`; its expiry is
    /// the command's to tell.
    public var credentialCell: StatusCell {
        guard credential.source != .none else { return cell("none", good: false) }
        return cell(credential.registry.rawValue, good: credential.registry == .accepted)
    }

    /// Whether the auth files lead the clients to regctl: `ok`, `warning`, `problem`, or
    /// `not managed` for a registry regctl did not log in to.
    public var wiringCell: StatusCell {
        guard managed else { return cell("not managed", good: false) }
        return switch problems.filter({ $0.area == .wiring }).map(\.severity).max() {
        case .failing?: cell("problem", good: false)
        case .warning?: cell("warning", good: false)
        default: cell("ok", good: true)
        }
    }

    private func cell(_ title: String, good: Bool) -> StatusCell {
        StatusCell(title: title, verdict: good ? .ok : health)
    }
}

extension TrustResult {
    /// The result in a word or two, as the table shows it.
    public var title: String {
        switch self {
        case .ok: "ok"
        case .noCA: "no CA"
        case .wrongCA: "wrong CA"
        case .shadowed: "shadowed"
        case .caExpired: "CA expired"
        case .invalidHostsFile: "invalid hosts file"
        case .unreachable: "unreachable"
        case .unchecked: "unchecked"
        }
    }
}
