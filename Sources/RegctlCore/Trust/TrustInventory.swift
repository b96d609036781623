import FoundationEssentials

/// One registry's CA as installed in certs.d.
public struct TrustEntry: Codable, Sendable {
    public struct Placement: Codable, Sendable {
        public let location: CertsLocation
        public let path: String
        /// The certificates in that `ca.crt`; empty when it does not parse.
        public let certificates: [CertificateSummary]
    }

    public let host: RegistryHost
    public let placements: [Placement]
}

/// What `regctl trust list | show | remove` read and change.
public struct TrustInventory: Sendable {
    let directories: CertsDirectories
    let log = StepLog.logger("trust")

    public init(directories: CertsDirectories) {
        self.directories = directories
    }

    /// Every host with a `ca.crt` in the scope's roots, sorted.
    public func list(scope: TrustScope = .all) -> [TrustEntry] {
        directories.installedHosts(in: scope).keys.sorted().map { entry(for: $0, scope: scope) }
    }

    /// The `ca.crt` files installed for `host`.
    public func entry(for host: RegistryHost, scope: TrustScope = .all) -> TrustEntry {
        let placements = scope.locations.compactMap { location -> TrustEntry.Placement? in
            let file = directories.caFile(location, for: host)
            guard FileManager.default.fileExists(atPath: file.path) else { return nil }
            let certificates = (try? CertificateBundle(contentsOf: file.path))?.certificates ?? []
            return .init(location: location, path: file.path, certificates: certificates.map(CertificateSummary.init))
        }
        return TrustEntry(host: host, placements: placements)
    }

    /// Removes the `ca.crt` of `host` from each location of `scope`, and its directory when
    /// that is then empty; from a containerd `hosts.toml`, only the `ca` line regctl added
    /// (still naming its `ca.crt`), never the file. Returns the files removed. The system-scope copies this process
    /// may not delete are removed through `privileged` at a terminal, as `trust install`
    /// writes them; without one, nothing is removed and the command to run is the error.
    public func remove(_ host: RegistryHost, scope: TrustScope, privileged: any PrivilegedRunner) async throws(TrustError) -> [String] {
        let placements = entry(for: host, scope: scope).placements
        let needRoot = placements.filter { !CertsFileWriter.canWrite(URL(fileURLWithPath: $0.path)) }
        let arguments = ["trust", "remove", host.description, "--scope", TrustScope.system.rawValue]
        if let first = needRoot.first {
            let environment = directories.environment
            if first.location.scope == .user || environment.isRoot {
                throw .writeFailed(path: first.path, reason: "the directory is not writable")
            }
            guard environment.isInteractive && privileged.isAvailable else {
                throw .needsPrivileges(path: first.path, command: privileged.commandLine(for: arguments))
            }
        }
        var removed: [String] = []
        for placement in placements where !needRoot.contains(where: { $0.path == placement.path }) {
            log.debug("removing \(placement.path)")
            let file = URL(fileURLWithPath: placement.path)
            if placement.location == .containerdUser, let hosts = ContainerdHostsFile(directory: file.deletingLastPathComponent()),
               let contents = hosts.removing(file) {
                log.debug("removing the ca line of \(hosts.url.path)")
                try hosts.write(contents)
            }
            try CertsFileWriter.remove(file)
            removed.append(placement.path)
        }
        if !needRoot.isEmpty {
            let command = privileged.commandLine(for: arguments)
            log.debug("removing the system-scope copies as root: \(command)")
            guard (try? await privileged.run(arguments)) == true else { throw .privilegedStepFailed(command: command) }
            removed += needRoot.map(\.path)
        }
        return removed
    }
}
