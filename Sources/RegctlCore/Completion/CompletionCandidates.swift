import FoundationEssentials

/// What the shells offer for regctl's arguments: only local files are read, never the
/// network or the keyring, so a TAB answers at once.
public struct CompletionCandidates: Sendable {
    let environment: RegctlEnvironment

    public init(environment: RegctlEnvironment) {
        self.environment = environment
    }

    /// Registry hosts regctl knows of: its config, the auth files' entries, and certs.d.
    public func hosts() -> [String] {
        var hosts = Set<String>()
        if let config = try? RegctlConfigFile(environment: environment).load() { hosts.formUnion(config.registries.keys) }
        let locations = AuthFileLocations(environment: environment)
        for file in [(try? locations.containersAuthFile()), locations.dockerConfigFile()].compactMap({ $0 }) {
            hosts.formUnion(AuthFiles.hostsMentioned(in: file))
        }
        hosts.formUnion(CertsDirectories(environment: environment).installedHosts(in: .all).keys.map(\.description))
        return hosts.filter { (try? RegistryHost($0))?.description == $0 }.sorted()
    }

    /// `HOST/` for every known host: the start of an image reference.
    public func imagePrefixes() -> [String] {
        hosts().map { $0 + "/" }
    }

    /// The contexts of the kubeconfig, as `oc config get-contexts` lists them.
    public func contexts() -> [String] {
        ((try? Kubeconfig.load(environment: environment))?.contexts.keys).map { $0.sorted() } ?? []
    }
}
