import Foundation

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
    /// that is then empty. Returns the files removed.
    public func remove(_ host: RegistryHost, scope: TrustScope) throws(TrustError) -> [String] {
        var removed: [String] = []
        for placement in entry(for: host, scope: scope).placements {
            guard CertsFileWriter.canWrite(URL(fileURLWithPath: placement.path)) else {
                let arguments = ["trust", "remove", host.description, "--scope", placement.location.scope.rawValue]
                throw .needsPrivileges(path: placement.path, command: SudoRunner(environment: directories.environment).commandLine(for: arguments))
            }
        }
        for placement in entry(for: host, scope: scope).placements {
            log.debug("removing \(placement.path)")
            try CertsFileWriter.remove(URL(fileURLWithPath: placement.path))
            removed.append(placement.path)
        }
        return removed
    }
}
