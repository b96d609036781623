/// Why `regctl push` or `pull` stopped before the engine ran. Each case carries its fix, built
/// where the login and the person running regctl are known (``Fixes``).
public enum PreflightError: RegctlError, Equatable {
    case untrusted(host: RegistryHost, engine: ContainerEngine, client: TrustClient, fix: Fix)
    case notLoggedIn(host: RegistryHost, engine: ContainerEngine, fix: Fix)
    case rejected(host: RegistryHost, context: String?, fix: Fix)

    public var message: String {
        switch self {
        case .untrusted(let host, let engine, let client, _):
            "\(engine.rawValue) does not trust the TLS certificate of \(host): its CA is not in the certs.d of \(client.name)"
        case .notLoggedIn(let host, let engine, _): "\(engine.rawValue) has no credential for \(host)"
        case .rejected(let host, let context, _):
            "\(host) rejects the token" + (context.map { " of kubeconfig context \($0), the newest it has" } ?? "")
        }
    }

    public var fix: Fix? {
        switch self {
        case .untrusted(_, _, _, let fix), .notLoggedIn(_, _, let fix), .rejected(_, _, let fix): fix
        }
    }

    public var status: ExitStatus { .failed }
}
