import FoundationEssentials

/// A client that reads a registry's CA from certs.d directories of its own. The raw values
/// are the `client` strings of `trust verify --json` and `status --json`.
public enum TrustClient: String, Codable, Sendable, CaseIterable {
    /// podman, skopeo and buildah as this user.
    case containers
    /// podman, skopeo and buildah as root, checked when this user is not root.
    case containersRoot = "containers-root"
    /// The docker daemon.
    case docker
    /// A rootless docker daemon, checked when its socket is in `XDG_RUNTIME_DIR`.
    case dockerRootless = "docker-rootless"

    /// Who it is, in words.
    public var name: String {
        switch self {
        case .containers: "podman and skopeo"
        case .containersRoot: "podman as root"
        case .docker: "the docker daemon"
        case .dockerRootless: "rootless docker"
        }
    }

    /// The certs.d roots regctl writes that the client reads, in the client's order: it uses
    /// the first that has a directory for the host and never merges them. Rootless docker
    /// reads none of them.
    public var locations: [CertsLocation] {
        switch self {
        case .containers: [.containersUser, .containersSystem, .docker]
        case .containersRoot: [.containersSystem, .docker]
        case .docker: [.docker]
        case .dockerRootless: []
        }
    }

    /// The `--scope` of `trust verify` that checks it.
    public var checkedScope: TrustScope {
        switch self {
        case .containers, .dockerRootless: .user
        case .containersRoot, .docker: .system
        }
    }

    /// What puts a registry's CA where the client reads it.
    public var fix: TrustFix {
        switch self {
        case .containers: .install(.all)
        case .containersRoot, .docker: .install(.system)
        case .dockerRootless: .copyUserCA
        }
    }

    /// The clients that `scope` checks on this machine, in the order they are reported.
    public static func checked(in scope: TrustScope, environment: RegctlEnvironment) -> [TrustClient] {
        allCases.filter { client in
            guard scope == .all || client.checkedScope == scope else { return false }
            switch client {
            case .containers, .docker: return true
            case .containersRoot: return !environment.isRoot
            case .dockerRootless:
                guard let runtime = environment.variables["XDG_RUNTIME_DIR"], !runtime.isEmpty else { return false }
                return FileManager.default.fileExists(atPath: runtime + "/docker.sock")
            }
        }
    }
}

/// How a client comes to trust a registry's CA.
public enum TrustFix: Equatable, Sendable {
    /// `regctl trust install` with this `--scope` writes a directory the client reads.
    case install(TrustScope)
    /// No scope of `trust install` writes the client's directory: the CA installed with
    /// `--scope user` is copied into it.
    case copyUserCA

    /// The command line that applies the fix for `host`, with the CA taken from `source`
    /// (`--from-cluster`, `--from-server` or `--ca-file FILE`).
    public func commandLine(for host: RegistryHost, source: String, directories: CertsDirectories) -> String {
        let install = "regctl trust install \(host) \(source)"
        switch self {
        case .install(.all): return install
        case .install(let scope): return "\(install) --scope \(scope.rawValue)"
        case .copyUserCA:
            let target = directories.rootlessDockerRoot.appendingPathComponent(host.description).appendingPathComponent("ca.crt")
            return "\(install) --scope user && install -D -m 0644 \(directories.caFile(.containersUser, for: host).path) \(target.path)"
        }
    }
}
