import FoundationEssentials

/// Where a login would send a cluster's token, and whether that is the cluster's own
/// registry. A token from `oc login` opens everything its user may do on the cluster; it is
/// meant for the registries the cluster names (public route and internal service). Another
/// host, or a token service on another host name than HOST, gets it only once the person
/// agreed: a yes at the terminal, or `--yes`.
struct ClusterTokenDestination: Sendable {
    /// What the cluster said about its registries.
    enum Naming: Sendable {
        /// The registry hosts it names.
        case named([RegistryHost])
        /// It could not be asked, and why.
        case unasked(String)
    }

    let host: RegistryHost
    let server: String
    let naming: Naming

    /// Asks the cluster of `token` which registries it names, unless regctl's config already
    /// binds HOST to that cluster (a login made before, from the same cluster). Throws when
    /// the cluster rejects the token: no registry of it would take it either.
    static func check(_ host: RegistryHost, for token: OpenShiftToken, environment: RegctlEnvironment) async throws(ClusterError) -> ClusterTokenDestination {
        let server = token.cluster.server
        if let bound = try? RegctlConfigFile(environment: environment).load().registries[host.description]?.cluster,
           KubeconfigBinding.sameServer(bound, server) {
            return ClusterTokenDestination(host: host, server: server, naming: .named([host]))
        }
        do {
            let named = try await OpenShiftAPI.with(token) { api in try await RegistryDiscovery.names(lookingFor: host, with: api) }
            return ClusterTokenDestination(host: host, server: server, naming: .named(named))
        } catch let error as ClusterError {
            if case .tokenRejected = error { throw error }
            return ClusterTokenDestination(host: host, server: server, naming: .unasked(error.message))
        } catch {
            return ClusterTokenDestination(host: host, server: server, naming: .unasked("\(error)"))
        }
    }

    /// HOST taken as the cluster's registry because the person said so beforehand (`--yes`,
    /// `regctl setup HOST`): the cluster is not asked; only the realm is still looked at.
    static func consented(_ host: RegistryHost, for token: OpenShiftToken) -> ClusterTokenDestination {
        ClusterTokenDestination(host: host, server: token.cluster.server, naming: .named([host]))
    }

    /// What the person must agree to before the token goes to HOST, answering `challenge`:
    /// one sentence each, none when HOST is the cluster's and its token service is on HOST.
    func concerns(answering challenge: AuthChallenge?) -> [String] {
        var concerns: [String] = []
        switch naming {
        case .named(let named) where named.contains(host):
            break
        case .named(let named):
            let others = named.isEmpty ? "" : " (it names \(named.map(\.description).joined(separator: ", ")))"
            concerns.append("\(host) is not a registry the cluster \(server) names\(others)")
        case .unasked(let reason):
            concerns.append("the cluster \(server) could not be asked whether \(host) is its registry: \(reason)")
        }
        if let realm = challenge.flatMap(Self.realmHost), realm != Self.bare(host.address) {
            concerns.append("\(host) has the token checked by a token service on another host, \(UntrustedText.escaped(realm))")
        }
        return concerns
    }

    /// The host name of a Bearer challenge's realm, lowercased, without brackets.
    private static func realmHost(_ challenge: AuthChallenge) -> String? {
        guard challenge.scheme == "bearer", let realm = challenge.parameters["realm"], let name = URLComponents(string: realm)?.host else { return nil }
        return bare(name)
    }

    private static func bare(_ name: String) -> String {
        String(name.filter { $0 != "[" && $0 != "]" }).lowercased()
    }
}
