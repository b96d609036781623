/// Why `regctl push` or `pull` stopped before the engine ran.
public enum PreflightError: RegctlError, Equatable {
    case untrusted(host: RegistryHost, engine: ContainerEngine, client: TrustClient)
    case notLoggedIn(host: RegistryHost, engine: ContainerEngine)
    case rejected(host: RegistryHost, context: String?)

    public var message: String {
        switch self {
        case .untrusted(let host, let engine, let client):
            "\(engine.rawValue) does not trust the TLS certificate of \(host): its CA is not in the certs.d of \(client.name)"
        case .notLoggedIn(let host, let engine): "\(engine.rawValue) has no credential for \(host)"
        case .rejected(let host, let context):
            "\(host) rejects the token" + (context.map { " of kubeconfig context \($0), the newest it has" } ?? "")
        }
    }

    public var fix: Fix? {
        switch self {
        case .untrusted(let host, _, let client): .run(client.fix.commandLine(for: host, source: "--from-server"))
        case .notLoggedIn(let host, _): .run("regctl login \(host)")
        case .rejected(let host, let context):
            context == nil ? .run("regctl login \(host)") : .run("oc login", note: "regctl picks the new token up by itself")
        }
    }

    public var status: ExitStatus { .failed }
}
