import FoundationEssentials

/// How regctl reaches a cluster's API: with a kubeconfig context's token (running its exec
/// plugin if it has one), or with a token regctl already holds (from a password login).
public enum ClusterAccess: Sendable {
    /// The context `context` (nil: the current one) of the kubeconfig at `path` (nil: the usual files).
    case kubeconfig(context: String?, path: String?)
    /// A kubeconfig context's token, with the kubeconfig it came from. Steps of one command
    /// share it instead of reading the files again.
    case kubeconfigToken(OpenShiftToken, kubeconfig: Kubeconfig)
    case token(OpenShiftToken)
    /// The context a login is bound to, in exactly its files, while it names the bound cluster.
    case binding(KubeconfigBinding)

    /// This access with its token in hand: a kubeconfig is read, and its exec plugin run, now.
    public func resolved(environment: RegctlEnvironment) throws -> ClusterAccess {
        switch self {
        case .kubeconfig(let context, let path):
            let kubeconfig = try Kubeconfig.load(environment: environment, explicitPath: path)
            let token = try OpenShiftToken.obtain(kubeconfig, context: context, terminal: environment.isInteractive, environment: environment)
            return .kubeconfigToken(token, kubeconfig: kubeconfig)
        case .binding(let binding):
            let kubeconfig = try binding.kubeconfig(environment: environment)
            _ = try binding.user(in: kubeconfig)
            let token = try OpenShiftToken.obtain(kubeconfig, context: binding.context, terminal: environment.isInteractive, environment: environment)
            return .kubeconfigToken(token, kubeconfig: kubeconfig)
        case .kubeconfigToken, .token:
            return self
        }
    }

    /// The token to ask the cluster with.
    public func token(environment: RegctlEnvironment) throws -> OpenShiftToken {
        switch self {
        case .kubeconfig, .binding: try resolved(environment: environment).token(environment: environment)
        case .kubeconfigToken(let token, _), .token(let token): token
        }
    }
}
