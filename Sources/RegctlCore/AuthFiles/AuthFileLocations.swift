import FoundationEssentials
import Glibc

/// Where podman/skopeo/buildah and docker keep their credentials.
public struct AuthFileLocations: Sendable {
    public let environment: RegctlEnvironment

    public init(environment: RegctlEnvironment) {
        self.environment = environment
    }

    /// The containers `auth.json` that `podman login` writes: `REGISTRY_AUTH_FILE`, else
    /// `$XDG_RUNTIME_DIR/containers/auth.json`, else `/run/containers/$UID/auth.json`. Every
    /// auth file is named by what a symbolic link points at, so that an edit keeps the link.
    public func containersAuthFile() throws(AuthFileError) -> URL {
        if let file = registryAuthFile { return file }
        return try runtimeAuthFile()
    }

    /// `REGISTRY_AUTH_FILE`, when it is set.
    private var registryAuthFile: URL? {
        environment.variables["REGISTRY_AUTH_FILE"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0).resolvingSymlinksInPath() }
    }

    /// `$XDG_RUNTIME_DIR/containers/auth.json`, else `/run/containers/$UID/auth.json`.
    func runtimeAuthFile() throws(AuthFileError) -> URL {
        let variables = environment.variables
        if let runtime = variables["XDG_RUNTIME_DIR"], !runtime.isEmpty {
            var isDirectory = false
            guard FileManager.default.fileExists(atPath: runtime, isDirectory: &isDirectory), isDirectory else {
                throw .runtimeDirectoryMissing(runtime)
            }
            return URL(fileURLWithPath: runtime).appendingPathComponent("containers/auth.json").resolvingSymlinksInPath()
        }
        return URL(fileURLWithPath: "/run/containers/\(getuid())/auth.json").resolvingSymlinksInPath()
    }

    /// docker's `config.json`: `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`;
    /// a symbolic link is followed to its target, as docker does.
    public func dockerConfigFile() -> URL {
        let directory = environment.variables["DOCKER_CONFIG"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? environment.home.appendingPathComponent(".docker")
        return directory.appendingPathComponent("config.json").resolvingSymlinksInPath()
    }

    /// The files podman, skopeo and buildah read, in order: `REGISTRY_AUTH_FILE` or the
    /// runtime auth.json, then `${XDG_CONFIG_HOME:-~/.config}/containers/auth.json` and
    /// docker's config.json (containers-auth.json(5); seen with skopeo 1.9).
    public func containersReadOrder() throws(AuthFileError) -> [URL] {
        var files: [URL] = []
        for file in [try containersAuthFile(), configAuthFile(), dockerConfigFile()] where !files.contains(file) { files.append(file) }
        return files
    }

    /// The files `client` reads a credential from, in its order.
    public func readOrder(for client: CredentialClient) throws(AuthFileError) -> [URL] {
        switch client {
        case .containers: return try containersReadOrder()
        case .oc:
            // `-a FILE`, whose default is REGISTRY_AUTH_FILE, is read alone.
            if let file = registryAuthFile { return [file] }
            return try containersReadOrder()
        case .docker, .oras: return [dockerConfigFile()]
        case .helm: return [helmRegistryFile(), dockerConfigFile()]
        case .goContainerRegistry:
            // The first that exists of docker's config.json, REGISTRY_AUTH_FILE and the runtime auth.json.
            let candidates = [dockerConfigFile(), registryAuthFile, try? runtimeAuthFile()].compactMap { $0 }
            return candidates.first { FileManager.default.fileExists(atPath: $0.path) }.map { [$0] } ?? []
        }
    }

    /// `${XDG_CONFIG_HOME:-~/.config}/containers/auth.json`.
    func configAuthFile() -> URL {
        configHome.appendingPathComponent("containers/auth.json").resolvingSymlinksInPath()
    }

    /// `${XDG_CONFIG_HOME:-~/.config}`.
    private var configHome: URL {
        environment.variables["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) } ?? environment.home.appendingPathComponent(".config")
    }

    /// helm's own registry file, which helm reads before docker's config.json:
    /// `$HELM_REGISTRY_CONFIG`, else `$HELM_CONFIG_HOME/registry/config.json`, else
    /// `${XDG_CONFIG_HOME:-~/.config}/helm/registry/config.json`.
    public func helmRegistryFile() -> URL {
        if let file = environment.variables["HELM_REGISTRY_CONFIG"], !file.isEmpty { return URL(fileURLWithPath: file).resolvingSymlinksInPath() }
        return helmConfigHome().appendingPathComponent("registry/config.json").resolvingSymlinksInPath()
    }

    /// Whether helm is in use here: `HELM_REGISTRY_CONFIG` is set, or helm's config directory exists.
    public func helmInUse() -> Bool {
        if let file = environment.variables["HELM_REGISTRY_CONFIG"], !file.isEmpty { return true }
        var isDirectory = false
        return FileManager.default.fileExists(atPath: helmConfigHome().path, isDirectory: &isDirectory) && isDirectory
    }

    /// `$HELM_CONFIG_HOME`, else `${XDG_CONFIG_HOME:-~/.config}/helm`.
    private func helmConfigHome() -> URL {
        if let home = environment.variables["HELM_CONFIG_HOME"], !home.isEmpty { return URL(fileURLWithPath: home) }
        return configHome.appendingPathComponent("helm")
    }

    /// Every file a client reads a credential from, whether or not `REGISTRY_AUTH_FILE` is
    /// set (what podman wrote before it was set is sent again once it is unset): every
    /// client's ``readOrder(for:)`` with this environment and without that variable, without repeats.
    public func everyClientFile() throws(AuthFileError) -> [URL] {
        var unset = environment
        unset.variables["REGISTRY_AUTH_FILE"] = nil
        var files: [URL] = []
        for locations in [self, AuthFileLocations(environment: unset)] {
            for client in CredentialClient.allCases {
                for file in try locations.readOrder(for: client) where !files.contains(file) { files.append(file) }
            }
        }
        return files
    }

    /// The files regctl wires: containers first, docker's, and helm's when helm is in use.
    public func all() throws(AuthFileError) -> [URL] {
        var files = [try containersAuthFile(), dockerConfigFile()]
        if helmInUse(), !files.contains(helmRegistryFile()) { files.append(helmRegistryFile()) }
        return files
    }
}
