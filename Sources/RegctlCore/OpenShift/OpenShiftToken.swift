import FoundationEssentials

/// The OpenShift token of a kubeconfig context, as `oc whoami -t` prints it — or, for a user
/// with an exec plugin (which `oc whoami -t` cannot print), as the plugin gives it.
public struct OpenShiftToken: Sendable, Equatable {
    public let token: String
    public let context: String
    public let cluster: Kubeconfig.Cluster
    /// The context's namespace, if it names one.
    public var namespace: String? = nil
    /// The expiry the exec plugin gave with the token; nil for a static token.
    public var expiry: Date? = nil

    /// The static token (`token` or `tokenFile`) of `contextName`, or of the current context
    /// when nil. A user whose token comes from an exec plugin gets `.noToken` here:
    /// ``obtain(_:context:terminal:environment:)`` runs plugins.
    public static func resolve(_ kubeconfig: Kubeconfig, context contextName: String?) throws(KubeconfigError) -> OpenShiftToken {
        let found = try kubeconfig.user(ofContext: contextName)
        if let token = try staticToken(found) { return token }
        throw noToken(found)
    }

    /// The token of `contextName` as ``resolve(_:context:)`` finds it, else from the user's
    /// exec plugin, run now; `terminal` says whether a person can answer the plugin.
    public static func obtain(
        _ kubeconfig: Kubeconfig, context contextName: String?, terminal: Bool, environment: RegctlEnvironment
    ) throws -> OpenShiftToken {
        let found = try kubeconfig.user(ofContext: contextName)
        if let token = try staticToken(found) { return token }
        guard let plugin = found.user.exec else { throw noToken(found) }
        let output = try plugin.token(context: found.name, cluster: found.cluster, terminal: terminal, environment: environment)
        return OpenShiftToken(token: output.token, context: found.name, cluster: found.cluster, namespace: found.context.namespace, expiry: output.expiry)
    }

    private static func staticToken(_ found: Kubeconfig.ContextUser) throws(KubeconfigError) -> OpenShiftToken? {
        func token(_ text: String) -> OpenShiftToken {
            OpenShiftToken(token: text, context: found.name, cluster: found.cluster, namespace: found.context.namespace)
        }
        if let text = found.user.token { return token(text) }
        if let file = found.user.tokenFile {
            guard let source = try found.kubeconfig.source(file, .tokenFile),
                  let data = try? BoundedFile.contents(of: source, limit: BoundedFile.tokenLimit),
                  let text = String(data: data, encoding: .utf8)
            else { throw .unreadableTokenFile(file) }
            if !text.trimmed.isEmpty { return token(text.trimmed) }
        }
        return nil
    }

    private static func noToken(_ found: Kubeconfig.ContextUser) -> KubeconfigError {
        let user = found.user
        let kind = user.hasExec ? "an exec plugin" : user.hasAuthProvider ? "an auth provider"
            : user.hasClientCertificate ? "a client certificate" : "no credentials at all"
        return .noToken(context: found.name, user: found.context.user, kind: kind)
    }
}

extension Kubeconfig {
    /// A context with its cluster and user.
    public struct ContextUser: Sendable {
        public let name: String
        public let context: Context
        public let cluster: Cluster
        public let user: User
        /// The kubeconfig they come from.
        let kubeconfig: Kubeconfig
    }

    /// `contextName`, or the current context when nil, with the cluster and user it names.
    public func user(ofContext contextName: String?) throws(KubeconfigError) -> ContextUser {
        guard !files.isEmpty else { throw .noKubeconfig(searched) }
        guard let name = contextName ?? currentContext else { throw .noCurrentContext }
        guard let context = contexts[name] else { throw .unknownContext(name) }
        guard let cluster = clusters[context.cluster], let user = users[context.user] else { throw .incompleteContext(name) }
        return ContextUser(name: name, context: context, cluster: cluster, user: user, kubeconfig: self)
    }
}
