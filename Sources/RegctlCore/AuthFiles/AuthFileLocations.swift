import Foundation

/// Where podman/skopeo/buildah and docker keep their credentials (INTEROP.md).
public struct AuthFileLocations: Sendable {
    public let environment: RegctlEnvironment

    public init(environment: RegctlEnvironment) {
        self.environment = environment
    }

    /// The containers `auth.json` that `podman login` writes: `REGISTRY_AUTH_FILE`, else
    /// `$XDG_RUNTIME_DIR/containers/auth.json`, else `/run/containers/$UID/auth.json`.
    public func containersAuthFile() throws(AuthFileError) -> URL {
        let variables = environment.variables
        if let file = variables["REGISTRY_AUTH_FILE"], !file.isEmpty { return URL(fileURLWithPath: file) }
        if let runtime = variables["XDG_RUNTIME_DIR"], !runtime.isEmpty {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: runtime, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw .runtimeDirectoryMissing(runtime)
            }
            return URL(fileURLWithPath: runtime).appendingPathComponent("containers/auth.json")
        }
        return URL(fileURLWithPath: "/run/containers/\(getuid())/auth.json")
    }

    /// docker's `config.json`: `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`;
    /// a symbolic link is followed to its target, as docker does.
    public func dockerConfigFile() -> URL {
        let directory = environment.variables["DOCKER_CONFIG"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? environment.home.appendingPathComponent(".docker")
        return directory.appendingPathComponent("config.json").resolvingSymlinksInPath()
    }

    /// Both files regctl wires, containers first.
    public func all() throws(AuthFileError) -> [URL] {
        [try containersAuthFile(), dockerConfigFile()]
    }
}
