import Foundation
import RegctlCore

/// Where a sandbox's clients keep credentials and trust, read as the clients read them:
/// for tests that hammer those files and then check what is left.
extension Sandbox {
    /// Unsets `DOCKER_CONFIG`, as on a desktop. With it set, podman 4 logs in to
    /// `$DOCKER_CONFIG/config.json` and reads only that file; without it, `podman login`
    /// writes the runtime auth.json, and podman reads it first, then
    /// `~/.config/containers/auth.json`, then docker's config.json, and stops at the first
    /// that has an entry for the registry.
    /// The sandbox's docker directory is `~/.docker`, the default of docker and regctl, so
    /// their paths stay the same.
    public func desktopAuthFiles() {
        setEnvironment("DOCKER_CONFIG", nil)
    }

    /// `$XDG_RUNTIME_DIR/containers/auth.json`: the file `podman login` and regctl write.
    public var containersAuthFile: URL { runtimeDirectory.appendingPathComponent("containers/auth.json") }

    /// `$DOCKER_CONFIG/config.json`.
    public var dockerConfigFile: URL { dockerConfig.appendingPathComponent("config.json") }

    /// regctl's own configuration, `$XDG_CONFIG_HOME/regctl/config.json`.
    public var regctlConfigFile: URL { configHome.appendingPathComponent("regctl/config.json") }

    /// The certs.d roots regctl writes in the sandbox, in the order podman looks: the user's,
    /// then `/etc/containers/certs.d` and `/etc/docker/certs.d` under the sysroot.
    public var certsRoots: [URL] {
        [
            configHome.appendingPathComponent("containers/certs.d"),
            sysroot.appendingPathComponent("etc/containers/certs.d"),
            sysroot.appendingPathComponent("etc/docker/certs.d"),
        ]
    }

    /// The JSON document in `file`, parsed by regctl's strict parser: nil when the file does
    /// not exist; an error naming the file and quoting it when it does not parse.
    public func readJSON(_ file: URL) throws -> JSONValue? {
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        do {
            return try JSONValue(parsing: text)
        } catch {
            throw HarnessError("\(file.path) does not parse (\(error)):\n\(text.prefix(2_000))")
        }
    }

    /// The host names of `section` (`auths` or `credHelpers`) in an auth file; none when the
    /// file or the section is missing.
    public func entries(_ section: String, in file: URL) throws -> Set<String> {
        Set(try readJSON(file)?[section]?.objectValue?.keys.map { $0 } ?? [])
    }

    /// The servers in the keyring and their user names, as docker's own
    /// `docker-credential-secretservice list` reports them.
    public func keyringServers() async throws -> [String: String] {
        let list = try await run(["docker-credential-secretservice", "list"])
        guard list.succeeded, let servers = try JSONValue(parsing: list.stdout).objectValue else {
            throw HarnessError("docker-credential-secretservice list failed: \(list)")
        }
        return Dictionary(uniqueKeysWithValues: servers.map { ($0.key, $0.value.stringValue ?? "") })
    }

    /// The secret docker's own helper reads from the keyring for `server`; nil when none.
    public func keyringSecret(_ server: String) async throws -> String? {
        let get = try await run(["docker-credential-secretservice", "get"], stdin: server)
        return get.succeeded ? try JSONValue(parsing: get.stdout)["Secret"]?.stringValue : nil
    }
}

extension JSONValue {
    /// What of `earlier` this document no longer has, as paths like `auths["h"]`: every
    /// top-level key must keep its value, except that objects (`auths`, `credHelpers`,
    /// `registries`) need only keep each of their members, since others may have been added.
    public func lost(from earlier: JSONValue) -> [String] {
        guard let members = earlier.objectValue else { return self == earlier ? [] : ["the document"] }
        var lost: [String] = []
        for (key, value) in members {
            if let entries = value.objectValue {
                for (name, entry) in entries where self[key]?[name] != entry { lost.append("\(key)[\"\(name)\"]") }
            } else if self[key] != value {
                lost.append(key)
            }
        }
        return lost
    }
}

/// Files that a killed writer may have left below some directories: those whose names are
/// not among the expected ones, and those in hidden directories.
public enum StrayFiles {
    public struct Found: Sendable, Hashable {
        public let path: String
        /// Whether a client would read it as configuration: the containers library loads
        /// every `*.crt`, `*.cert` and `*.key` of a host's certs.d directory (never a hidden
        /// one), and reads the auth files by their exact names.
        public let isReadByClients: Bool
    }

    public static func find(in directories: [URL], expected: Set<String>) -> [Found] {
        var found: [Found] = []
        for directory in directories {
            guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else { continue }
            for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                let components = url.pathComponents.dropFirst(directory.pathComponents.count)
                let hidden = components.dropLast().contains { $0.hasPrefix(".") }
                guard hidden || !expected.contains(url.lastPathComponent) else { continue }
                let name = url.lastPathComponent
                let read = !hidden && !name.hasPrefix(".") && ([".crt", ".cert", ".key"].contains { name.hasSuffix($0) } || ["auth.json", "config.json"].contains(name))
                found.append(Found(path: url.path, isReadByClients: read))
            }
        }
        return found.sorted { $0.path < $1.path }
    }
}
