import FoundationEssentials

/// Whether a trust client is on this machine for this user.
public enum TrustClientPresence: Sendable {
    /// Not here: not checked.
    case absent
    /// May be used here, though nothing shows that it is: checked, but while it has no certs.d
    /// directory for a host, `status` leaves it unchecked.
    case possible
    /// Used here: podman as this user always, a daemon whose socket exists. A CA missing for it
    /// is a problem.
    case inUse
}

extension TrustClient {
    /// Whether this client is here for the user of `environment`: podman as root only for
    /// another user, the docker daemon in use when its socket exists, rootless docker when its
    /// socket is in `XDG_RUNTIME_DIR`, rootless containerd in use when it runs and possible
    /// when the user has a containerd configuration directory.
    public func presence(in environment: RegctlEnvironment) -> TrustClientPresence {
        let runtime = Self.runtimeDirectory(environment)
        func exists(_ url: URL?) -> Bool { url.map { FileManager.default.fileExists(atPath: $0.path) } ?? false }
        switch self {
        case .containers:
            return .inUse
        case .containersRoot:
            return environment.isRoot ? .absent : .possible
        case .docker:
            return ["/run/docker.sock", "/var/run/docker.sock"].contains { exists(environment.systemPath($0)) } ? .inUse : .possible
        case .dockerRootless:
            return exists(runtime?.appendingPathComponent("docker.sock")) ? .inUse : .absent
        case .containerdRootless:
            if exists(runtime?.appendingPathComponent("containerd-rootless")) { return .inUse }
            return exists(CertsDirectories(environment: environment).configHome.appendingPathComponent("containerd")) ? .possible : .absent
        }
    }

    /// The clients that `scope` checks on this machine, in the order they are reported.
    public static func checked(in scope: TrustScope, environment: RegctlEnvironment) -> [TrustClient] {
        allCases.filter { (scope == .all || $0.checkedScope == scope) && $0.presence(in: environment) != .absent }
    }

    /// The client whose certs.d directories `engine` reads for the user of `environment`:
    /// podman's own, or for docker the daemon it talks to — the one `DOCKER_HOST` names, else
    /// rootless docker when it runs.
    public static func used(by engine: ContainerEngine, environment: RegctlEnvironment) -> TrustClient {
        guard engine == .docker else { return .containers }
        if let endpoint = environment.variables["DOCKER_HOST"], !endpoint.isEmpty {
            let rootless = runtimeDirectory(environment).map { "unix://" + $0.appendingPathComponent("docker.sock").path }
            return endpoint == rootless ? .dockerRootless : .docker
        }
        return dockerRootless.presence(in: environment) == .inUse ? .dockerRootless : .docker
    }

    private static func runtimeDirectory(_ environment: RegctlEnvironment) -> URL? {
        environment.variables["XDG_RUNTIME_DIR"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
    }
}
