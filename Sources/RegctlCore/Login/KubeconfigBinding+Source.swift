import FoundationEssentials

extension KubeconfigBinding {
    /// The binding of a login made from `kubeconfig`'s context `token.context`: the files it
    /// read (never a path that did not exist, which another user might create later), made
    /// absolute, so that the binding means the same wherever it is read.
    init(_ token: OpenShiftToken, readFrom kubeconfig: Kubeconfig) {
        self.init(
            context: token.context, cluster: token.cluster.server,
            files: kubeconfig.files.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        )
    }

    /// The kubeconfig the binding names: exactly its files, missing ones skipped as in
    /// `KUBECONFIG`; for a binding recorded without files, the caller's usual one.
    public func kubeconfig(environment: RegctlEnvironment) throws(KubeconfigError) -> Kubeconfig {
        guard !files.isEmpty else { return try Kubeconfig.load(environment: environment) }
        if let relative = files.first(where: { !$0.hasPrefix("/") }) { throw .relativeBinding(relative) }
        var named = environment
        named.variables["KUBECONFIG"] = files.joined(separator: ":")
        return try Kubeconfig.load(environment: named)
    }

    /// The context's user, when the context still names the bound cluster.
    func user(in kubeconfig: Kubeconfig) throws(KubeconfigError) -> Kubeconfig.User {
        let found = try kubeconfig.user(ofContext: context)
        guard Self.sameServer(found.cluster.server, cluster) else {
            throw .otherCluster(context: context, server: found.cluster.server, bound: cluster)
        }
        return found.user
    }

    static func sameServer(_ one: String, _ other: String) -> Bool {
        func normal(_ server: String) -> String { (server.hasSuffix("/") ? String(server.dropLast()) : server).lowercased() }
        return normal(one) == normal(other)
    }
}
