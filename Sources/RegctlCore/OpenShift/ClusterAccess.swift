import FoundationEssentials

/// How regctl reaches a cluster's API: with a kubeconfig context's token (running its exec
/// plugin if it has one), or with a token regctl already holds (from a password login).
public enum ClusterAccess: Sendable {
    /// The context `context` (nil: the current one) of the kubeconfig at `path` (nil: the usual files).
    case kubeconfig(context: String?, path: String?)
    case token(OpenShiftToken)

    /// The token to ask the cluster with.
    public func token(environment: RegctlEnvironment) throws -> OpenShiftToken {
        switch self {
        case .kubeconfig(let context, let path):
            let kubeconfig = try Kubeconfig.load(environment: environment, explicitPath: path)
            return try OpenShiftToken.obtain(kubeconfig, context: context, terminal: environment.isInteractive, environment: environment)
        case .token(let token):
            return token
        }
    }

    /// The same access, with a kubeconfig's current context made explicit as `token`'s.
    func pinned(to token: OpenShiftToken) -> ClusterAccess {
        guard case .kubeconfig(_, let path) = self else { return self }
        return .kubeconfig(context: token.context, path: path)
    }
}
