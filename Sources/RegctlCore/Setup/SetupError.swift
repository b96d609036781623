/// Why `regctl setup` stopped and how to go on.
public enum SetupError: RegctlError, Equatable {
    case confirmationNeeded(host: RegistryHost, fingerprint: String, reason: String?, command: String)

    public var message: String {
        switch self {
        case .confirmationNeeded(let host, let fingerprint, let reason, _):
            TrustError.confirmationNeeded(host: host, fingerprint: fingerprint, reason: reason, scope: .all).message
        }
    }

    public var fix: Fix? {
        switch self {
        case .confirmationNeeded(_, _, _, let command):
            Fix(steps: [.act("Compare the fingerprint with the one your cluster administrator published"), .run(command)])
        }
    }

    public var status: ExitStatus { .usage }
}
