/// Why the cluster's API server could not tell regctl what it asked.
public enum ClusterError: RegctlError, Equatable {
    case insecure(server: String)
    case plainHTTP(server: String)
    case unusableCA(server: String, detail: String)
    case tokenRejected(server: String, context: String)
    case untrusted(server: String, detail: String)
    case unreachable(server: String, detail: String)
    case timedOut(server: String, detail: String)
    case unexpectedAnswer(server: String, detail: String)
    case noPublicRegistry(context: String)
    case forbidden(server: String, message: String)

    public var message: String {
        switch self {
        case .insecure(let server):
            "the kubeconfig turns TLS verification off for \(server) (insecure-skip-tls-verify), so regctl does not send it your token"
        case .plainHTTP(let server): "the API server \(server) is not an https URL, so regctl does not send it your token"
        case .unusableCA(let server, let detail): "the kubeconfig's CA for \(server) cannot be used (\(detail)), and regctl trusts no other CA for it"
        case .tokenRejected(let server, let context): "the API server \(server) rejected the token of kubeconfig context \(context)"
        case .untrusted(let server, let detail): "the TLS certificate of the API server \(server) is not trusted: \(detail)"
        case .unreachable(let server, let detail): "cannot reach the API server \(server): \(detail)"
        case .timedOut(let server, let detail): "the API server \(server) \(detail)"
        case .unexpectedAnswer(let server, let detail): "\(server) does not answer like an OpenShift API server: \(detail)"
        case .noPublicRegistry(let context):
            "the cluster of kubeconfig context \(context) has no public registry route (image streams show no public host)"
        case .forbidden(let server, let message): "\(server) refused: \(message)"
        }
    }

    public var fix: Fix? {
        switch self {
        case .insecure: .act("Name the registry (regctl setup HOST), or log in with the cluster's CA: oc login --certificate-authority=FILE.")
        case .plainHTTP: .act("Log in to the cluster's https address: oc login https://…")
        case .unusableCA: .act("Fix the kubeconfig's certificate-authority, or run `oc login` again with the cluster's CA (--certificate-authority=FILE).")
        case .tokenRejected(let server, _): .run("oc login \(ShellWords.quoted(server))")
        case .untrusted: .act("Run `oc login` again with the cluster's CA (--certificate-authority=FILE).")
        case .unreachable, .timedOut: .act("Check that you are on the cluster's network and that `oc whoami` works.")
        case .unexpectedAnswer: .act("Check the context's server with `oc whoami --show-server`.")
        case .forbidden: .act("Ask a project administrator for that right (`oc auth can-i` shows what you may do), or use another namespace.")
        case .noPublicRegistry:
            .act("An administrator must expose the registry (defaultRoute: true in configs.imageregistry.operator.openshift.io/cluster), or name its host: regctl setup HOST.")
        }
    }

    public var status: ExitStatus {
        switch self {
        case .insecure, .plainHTTP, .unusableCA: return .usage
        default: return .failed
        }
    }
}

extension ClusterError {
    /// What a failed request to the API server at `server` means.
    init(_ failure: HTTPSClient.Failure, server: String) {
        self = switch failure {
        case .tls(let detail): .untrusted(server: server, detail: detail)
        case .unreachable(let detail): .unreachable(server: server, detail: detail)
        case .timedOut(let detail): .timedOut(server: server, detail: detail)
        case .oversized: .unexpectedAnswer(server: server, detail: failure.detail)
        case .proxy(let detail): .unreachable(server: server, detail: detail)
        }
    }
}
