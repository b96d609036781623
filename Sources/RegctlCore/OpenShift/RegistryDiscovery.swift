/// The registry's public host, as the cluster tells it.
public struct DiscoveredRegistry: Codable, Sendable, Equatable {
    public let host: RegistryHost
    /// Where the host came from, for a person: "the image config", "image stream openshift/cli".
    public let source: String
    /// A repository on it the user may pull (`openshift/cli`), when one is known.
    public let repository: String?
}

/// Finds the public host of a cluster's integrated registry the way a normal user can:
/// the image config's `status.externalRegistryHostnames[0]` (administrators only; a 403
/// means "look further"), else the `publicDockerImageRepository` of an image stream in the
/// context's namespace, then in `openshift` (readable by every authenticated user).
public enum RegistryDiscovery {
    public static func find(with api: OpenShiftAPI) async throws(ClusterError) -> DiscoveredRegistry {
        let log = StepLog.logger("cluster")
        struct ImageConfig: Decodable, Sendable {
            struct Status: Decodable, Sendable { let externalRegistryHostnames: [String]? }
            let status: Status?
        }
        if case .found(let config) = try await api.get("/apis/config.openshift.io/v1/images/cluster", as: ImageConfig.self),
           let name = config.status?.externalRegistryHostnames?.first {
            return DiscoveredRegistry(host: try host(name, api), source: "the image config (images.config.openshift.io/cluster)", repository: nil)
        }
        log.debug("the image config names no public host, or is for administrators only; asking image streams")

        struct ImageStreams: Decodable, Sendable {
            struct Item: Decodable, Sendable {
                struct Metadata: Decodable, Sendable { let name: String }
                struct Status: Decodable, Sendable { let publicDockerImageRepository: String? }
                let metadata: Metadata
                let status: Status?
            }
            let items: [Item]?
        }
        let namespaces = [api.token.namespace, "openshift"].compactMap { $0 }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        for namespace in namespaces {
            guard case .found(let list) = try await api.get("/apis/image.openshift.io/v1/namespaces/\(namespace)/imagestreams", as: ImageStreams.self) else { continue }
            for item in list.items ?? [] {
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

    private static func host(_ name: String, _ api: OpenShiftAPI) throws(ClusterError) -> RegistryHost {
        do {
            return try RegistryHost(name)
        } catch {
            throw .unexpectedAnswer(server: api.server, detail: "the registry host it names, \(name), is not a valid host name")
        }
    }
}
