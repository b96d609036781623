import FoundationEssentials

/// The OpenShift token of a kubeconfig context, as `oc whoami -t` prints it.
public struct OpenShiftToken: Sendable, Equatable {
    public let token: String
    public let context: String
    public let cluster: Kubeconfig.Cluster
    /// The context's namespace, if it names one.
    public var namespace: String? = nil

    /// The token of `contextName`, or of the current context when nil.
    public static func resolve(_ kubeconfig: Kubeconfig, context contextName: String?) throws(KubeconfigError) -> OpenShiftToken {
        guard !kubeconfig.files.isEmpty else { throw .noKubeconfig(kubeconfig.searched) }
        guard let name = contextName ?? kubeconfig.currentContext else { throw .noCurrentContext }
        guard let context = kubeconfig.contexts[name] else { throw .unknownContext(name) }
        guard let cluster = kubeconfig.clusters[context.cluster], let user = kubeconfig.users[context.user] else {
            throw .incompleteContext(name)
        }
        if let token = user.token { return OpenShiftToken(token: token, context: name, cluster: cluster, namespace: context.namespace) }
        if let file = user.tokenFile {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { throw .unreadableTokenFile(file) }
            let token = text.trimmed
            if !token.isEmpty { return OpenShiftToken(token: token, context: name, cluster: cluster, namespace: context.namespace) }
        }
        let kind = user.hasExec ? "an exec plugin" : user.hasAuthProvider ? "an auth provider"
            : user.hasClientCertificate ? "a client certificate" : "no credentials at all"
        throw .noToken(context: name, user: context.user, kind: kind)
    }
}
