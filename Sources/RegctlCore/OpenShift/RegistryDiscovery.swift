/// The registry's public host, as the cluster tells it.
public struct DiscoveredRegistry: Codable, Sendable, Equatable {
    public let host: RegistryHost
    /// Where the host came from, for a person: "the image config", "image stream openshift/cli".
    public let source: String
    /// A repository on it the user may pull (`openshift/cli`), when one is known.
    public let repository: String?
}

/// Finds the hosts of a cluster's integrated registry the way a normal user can: the image
/// config's `status` (administrators only; a 403 means "look further"), else the image
/// streams in the context's namespace, then in `openshift` (readable by every authenticated
/// user), whose repositories name the registry.
public enum RegistryDiscovery {
    /// The public host: the image config's `externalRegistryHostnames[0]`, else the first
    /// image stream's `publicDockerImageRepository`.
    public static func find(with api: OpenShiftAPI) async throws(ClusterError) -> DiscoveredRegistry {
        if let name = try await imageConfig(api)?.externalRegistryHostnames?.first {
            return DiscoveredRegistry(host: try host(name, api), source: "the image config (images.config.openshift.io/cluster)", repository: nil)
        }
        StepLog.logger("cluster").debug("the image config names no public host, or is for administrators only; asking image streams")
        for namespace in namespaces(api) {
            for item in try await imageStreams(api, namespace) {
                guard let repository = item.status?.publicDockerImageRepository, let slash = repository.firstIndex(of: "/") else { continue }
                return DiscoveredRegistry(
                    host: try host(String(repository[..<slash]), api),
                    source: "image stream \(namespace)/\(item.metadata.name)",
                    repository: String(repository[repository.index(after: slash)...])
                )
            }
        }
        throw .noPublicRegistry(context: api.token.context)
    }

    /// Every registry host the cluster names where the user can read it — public and
    /// internal — asked in the same order as ``find(with:)``, stopping once `wanted` is among them.
    public static func names(lookingFor wanted: RegistryHost, with api: OpenShiftAPI) async throws(ClusterError) -> [RegistryHost] {
        var found: [RegistryHost] = []
        func add(_ names: [String?]) {
            for case let name? in names {
                let host = name.split(separator: "/", maxSplits: 1).first.flatMap { try? RegistryHost(String($0)) }
                if let host, !found.contains(host) { found.append(host) }
            }
        }
        if let status = try await imageConfig(api) {
            add((status.externalRegistryHostnames ?? []) + [status.internalRegistryHostname])
            if found.contains(wanted) { return found }
        }
        for namespace in namespaces(api) {
            for item in try await imageStreams(api, namespace) {
                add([item.status?.publicDockerImageRepository, item.status?.dockerImageRepository])
            }
            if found.contains(wanted) { return found }
        }
        return found
    }

    private struct ImageConfigStatus: Decodable, Sendable {
        let externalRegistryHostnames: [String]?
        let internalRegistryHostname: String?
    }

    private struct ImageStream: Decodable, Sendable {
        struct Metadata: Decodable, Sendable { let name: String }
        struct Status: Decodable, Sendable {
            let publicDockerImageRepository: String?
            let dockerImageRepository: String?
        }
        let metadata: Metadata
        let status: Status?
    }

    private static func imageConfig(_ api: OpenShiftAPI) async throws(ClusterError) -> ImageConfigStatus? {
        struct ImageConfig: Decodable, Sendable { let status: ImageConfigStatus? }
        guard case .found(let config) = try await api.get("/apis/config.openshift.io/v1/images/cluster", as: ImageConfig.self) else { return nil }
        return config.status
    }

    private static func imageStreams(_ api: OpenShiftAPI, _ namespace: String) async throws(ClusterError) -> [ImageStream] {
        struct ImageStreams: Decodable, Sendable { let items: [ImageStream]? }
        guard case .found(let list) = try await api.get("/apis/image.openshift.io/v1/namespaces/\(namespace)/imagestreams", as: ImageStreams.self) else { return [] }
        return list.items ?? []
    }

    /// The context's namespace, then `openshift`.
    private static func namespaces(_ api: OpenShiftAPI) -> [String] {
        [api.token.namespace, "openshift"].compactMap { $0 }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    }

    private static func host(_ name: String, _ api: OpenShiftAPI) throws(ClusterError) -> RegistryHost {
        do {
            return try RegistryHost(name)
        } catch {
            throw .unexpectedAnswer(server: api.server, detail: "the registry host it names, \(UntrustedText.escaped(name)), is not a valid host name")
        }
    }
}
