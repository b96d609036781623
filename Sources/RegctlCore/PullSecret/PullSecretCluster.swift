import FoundationEssentials

/// The cluster a pull secret is made with: it mints the service account's token that goes to
/// HOST, and takes the Secret with `--apply`. That is the cluster the login is bound to, or the
/// context `--context` names when its cluster names HOST as its registry (the rule a login's
/// token follows, ``ClusterTokenDestination``) or `--yes` says so — never whichever context
/// happens to be current.
struct PullSecretCluster: Sendable {
    let access: ClusterAccess
    /// The namespace of the chosen context, if it has one.
    let namespace: String?

    /// Chooses the cluster for `request`; throws before any request to any cluster when there
    /// is none to choose, and before anything is minted or applied when the named one does not
    /// name HOST. The binding's namespace is the maker's to find (``namespace`` is nil then).
    static func choose(
        for request: PullSecretRequest, entry: RegctlConfig.Registry, environment: RegctlEnvironment
    ) async throws -> PullSecretCluster {
        let host = request.host
        guard let context = request.context else {
            guard let binding = entry.binding else { throw PullSecretError.noCluster(host) }
            return PullSecretCluster(access: .binding(binding), namespace: nil)
        }
        let (token, kubeconfig) = try await onOwnThread {
            let kubeconfig = try Kubeconfig.load(environment: environment, explicitPath: nil)
            return (try OpenShiftToken.obtain(kubeconfig, context: context, terminal: environment.isInteractive, environment: environment), kubeconfig)
        }.value
        let chosen = PullSecretCluster(access: .kubeconfigToken(token, kubeconfig: kubeconfig), namespace: try? kubeconfig.user(ofContext: context).context.namespace)
        if request.confirmed {
            let cluster = "the cluster \(token.cluster.server) (context \(UntrustedText.escaped(context)))"
            let said = request.serviceAccount.map {
                "because of --yes, \(cluster) mints a token of service account \($0) that goes to \(host), without being asked whether \(host) is its registry"
            } ?? "because of --yes, your credential for \(host) goes into a secret on \(cluster), without it being asked whether \(host) is its registry"
            StepLog.logger("pull-secret").warning("\(said)")
            return chosen
        }
        let concerns = try await ClusterTokenDestination.check(host, for: token, environment: environment).concerns(answering: nil)
        guard concerns.isEmpty else { throw PullSecretError.clusterNotNamingHost(host, context: context, concerns: concerns) }
        return chosen
    }
}
