import FoundationEssentials
import X509

/// Where a client looks for a registry's CA: one `certs.d` root per client and scope.
public enum CertsLocation: String, Codable, Sendable, CaseIterable {
    /// `$HOME/.config/containers/certs.d` — rootless podman, skopeo, buildah; also root's first choice.
    case containersUser = "containers-user"
    /// `${XDG_CONFIG_HOME:-~/.config}/docker/certs.d` — a rootless docker daemon; rootless nerdctl's second choice.
    case dockerUser = "docker-user"
    /// `${XDG_CONFIG_HOME:-~/.config}/containerd/certs.d` — rootless containerd and nerdctl
    /// (a hosts dir: `ca.crt` counts only while the host has no `hosts.toml`, see ``ContainerdHostsFile``).
    case containerdUser = "containerd-user"
    /// `/etc/containers/certs.d` — podman, skopeo, buildah as root.
    case containersSystem = "containers-system"
    /// `/etc/docker/certs.d` — the docker daemon, and the containers clients' last choice.
    case docker = "docker"

    public var scope: TrustScope {
        switch self {
        case .containersUser, .dockerUser, .containerdUser: .user
        case .containersSystem, .docker: .system
        }
    }
}

/// Which certs.d roots a command works on: `--scope user|system|all`.
public enum TrustScope: String, Codable, Sendable, CaseIterable {
    case user, system, all

    public var locations: [CertsLocation] {
        CertsLocation.allCases.filter { self == .all || $0.scope == self }
    }
}

/// The certs.d layout on this machine, following `HOME` and `REGCTL_SYSROOT`.
public struct CertsDirectories: Sendable {
    public let environment: RegctlEnvironment

    public init(environment: RegctlEnvironment) {
        self.environment = environment
    }

    public func root(_ location: CertsLocation) -> URL {
        switch location {
        case .containersUser: environment.home.appendingPathComponent(".config/containers/certs.d")
        case .containersSystem: environment.systemPath("/etc/containers/certs.d")
        case .docker: environment.systemPath("/etc/docker/certs.d")
        case .dockerUser: configHome.appendingPathComponent("docker/certs.d")
        case .containerdUser: configHome.appendingPathComponent("containerd/certs.d")
        }
    }

    /// `${XDG_CONFIG_HOME:-~/.config}`, where the rootless engines keep their configuration.
    public var configHome: URL {
        environment.variables["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? environment.home.appendingPathComponent(".config")
    }

    public func directory(_ location: CertsLocation, for host: RegistryHost) -> URL {
        root(location).appendingPathComponent(host.description)
    }

    /// The file regctl writes and owns: `ca.crt` in the host's directory.
    public func caFile(_ location: CertsLocation, for host: RegistryHost) -> URL {
        directory(location, for: host).appendingPathComponent("ca.crt")
    }

    /// The certs.d directories `client` reads for `host`, in its order.
    public func directories(of client: TrustClient, for host: RegistryHost) -> [URL] {
        client.locations.map { directory($0, for: host) }
    }

    /// The certs.d directories `client` has for `host`, in its order: it uses the first and
    /// never merges them, so the later ones are hidden by it.
    public func existingDirectories(of client: TrustClient, for host: RegistryHost) -> [URL] {
        directories(of: client, for: host).filter { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// The certs.d directory `client` uses for `host`: the first of its directories that exists.
    public func directory(usedBy client: TrustClient, for host: RegistryHost) -> URL? {
        existingDirectories(of: client, for: host).first
    }

    /// The CAs `client` trusts for `host` besides the system's: those of the directory it uses.
    public func certificates(of client: TrustClient, for host: RegistryHost) -> [Certificate] {
        certificates(in: directory(usedBy: client, for: host))
    }

    /// Every host with a directory in any root, with the locations that hold a `ca.crt` for it.
    public func installedHosts(in scope: TrustScope) -> [RegistryHost: [CertsLocation]] {
        var hosts: [RegistryHost: [CertsLocation]] = [:]
        for location in scope.locations {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: root(location).path)) ?? []
            for name in names {
                guard let host = try? RegistryHost(name), host.description == name,
                      FileManager.default.fileExists(atPath: caFile(location, for: host).path)
                else { continue }
                hosts[host, default: []].append(location)
            }
        }
        return hosts
    }

    /// The CAs podman, skopeo and buildah trust for `host` besides the system's, which regctl's
    /// own requests use too.
    public func containersCertificates(for host: RegistryHost) -> [Certificate] {
        certificates(of: .containers, for: host)
    }

    /// The CA certificates (`*.crt`) in a certs.d directory, as the clients load them;
    /// none for no directory. A containerd hosts dir with a `hosts.toml` containerd can read
    /// gives the files its top-level `ca` names instead, as containerd reads it.
    public func certificates(in directory: URL?) -> [Certificate] {
        guard let directory else { return [] }
        if directory.deletingLastPathComponent().path == root(.containerdUser).path, let hosts = ContainerdHostsFile(directory: directory),
           hosts.problem == nil {
            return hosts.caPaths.flatMap { (try? CertificateBundle(contentsOf: $0))?.certificates ?? [] }
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".crt") }.sorted().flatMap {
            (try? CertificateBundle(contentsOf: directory.appendingPathComponent($0).path))?.certificates ?? []
        }
    }
}
