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
    /// Rootless containerd and nerdctl, checked when rootless containerd runs
    /// (`$XDG_RUNTIME_DIR/containerd-rootless` exists, where nerdctl finds it) or the user
    /// has a containerd configuration directory (`${XDG_CONFIG_HOME:-~/.config}/containerd`,
    /// which `trust install --scope user` makes).
    case containerdRootless = "containerd-rootless"

    /// Who it is, in words.
    public var name: String {
        switch self {
        case .containers: "podman and skopeo"
        case .containersRoot: "podman as root"
        case .docker: "the docker daemon"
        case .dockerRootless: "rootless docker"
        case .containerdRootless: "rootless containerd and nerdctl"
        }
    }

    /// The certs.d roots regctl writes that the client reads, in the client's order: it uses
    /// the first that has a directory for the host and never merges them.
    public var locations: [CertsLocation] {
        switch self {
        case .containers: [.containersUser, .containersSystem, .docker]
        case .containersRoot: [.containersSystem, .docker]
        case .docker: [.docker]
        case .dockerRootless: [.dockerUser]
        case .containerdRootless: [.containerdUser, .dockerUser]
        }
    }

    /// The `--scope` of `trust verify` that checks it.
    public var checkedScope: TrustScope {
        switch self {
        case .containers, .dockerRootless, .containerdRootless: .user
        case .containersRoot, .docker: .system
        }
    }

    /// What puts a registry's CA where the client reads it.
    public var fix: TrustFix {
        switch self {
        case .containers, .dockerRootless, .containerdRootless: .install(.user)
        case .containersRoot, .docker: .install(.system)
        }
    }
}

/// How a client comes to trust a registry's CA.
public enum TrustFix: Equatable, Sendable {
    /// `regctl trust install` with this `--scope` writes a directory the client reads.
    case install(TrustScope)

    /// The command line that applies the fix for `host`, with the CA taken from `source`
    /// (`--from-cluster`, `--from-server` or `--ca-file FILE`).
    public func commandLine(for host: RegistryHost, source: String) -> String {
        switch self {
        case .install(let scope): "regctl trust install \(host) \(source) --scope \(scope.rawValue)"
        }
    }
}
