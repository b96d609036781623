import FoundationEssentials
import Logging
import X509

/// What `regctl trust install` was asked to do.
public struct TrustInstallRequest: Sendable {
    public enum Source: Sendable {
        case caFile(String)
        case fromServer
        /// The CA the cluster publishes, else the one HOST presents, confirmed.
        case fromCluster(ClusterAccess)
    }

    public var host: RegistryHost
    public var source: Source
    /// The SHA-256 fingerprints of the certificates to install: one for each (``FingerprintPins``).
    public var fingerprints: [String]
    public var assumeYes: Bool
    public var scope: TrustScope
    /// Also add the CA to the operating system's trust store (``OSTrustStore``).
    public var osStore: Bool

    public init(host: RegistryHost, source: Source, fingerprints: [String] = [], assumeYes: Bool = false, scope: TrustScope = .all, osStore: Bool = false) {
        self.host = host
        self.source = source
        self.fingerprints = fingerprints
        self.assumeYes = assumeYes
        self.scope = scope
        self.osStore = osStore
    }
}

/// What `regctl trust install` did, location by location.
public struct TrustInstallReport: Codable, Sendable {
    public enum Outcome: String, Codable, Sendable {
        case installed, replaced
        case alreadyTrusted = "already-trusted"
    }

    public struct Entry: Codable, Sendable {
        public let location: CertsLocation
        public let path: String
        public let outcome: Outcome
        /// The user's containerd `hosts.toml` that regctl gave a `ca` line naming `path`, when it did.
        public var hostsFile: String?
    }

    public let host: RegistryHost
    public let certificates: [CertificateSummary]
    /// Whether the CA was checked against the certificate the server presents.
    public let serverVerified: Bool
    /// Where the CA came from, for a person: a file, a config map, the server's chain.
    public let origin: String
    public let entries: [Entry]
    /// regctl's file in the operating system's anchors directory, with `--os-store`.
    public var osStore: OSStoreEntry?
    public let warnings: [String]
}

/// Installs a registry's CA into the certs.d directories of a scope, after proving it.
///
/// Every check runs before the first write: the bundle holds only valid certificates, the CA
/// verifies the server's chain for the host (when the server is reachable), the user agreed
/// to trust-on-first-use or to replacing a different CA, and every file is writable.
public struct TrustInstaller: Sendable {
    let directories: CertsDirectories
    let prompter: any TrustPrompter
    let privileged: any PrivilegedRunner
    let log = StepLog.logger("trust")

    public init(directories: CertsDirectories, prompter: any TrustPrompter, privileged: any PrivilegedRunner) {
        self.directories = directories
        self.prompter = prompter
        self.privileged = privileged
    }

    /// Proves the CA `request` names and installs it; throws ``TrustError``, and for
    /// `fromCluster` also the kubeconfig's and the cluster's errors.
    public func install(_ request: TrustInstallRequest) async throws -> TrustInstallReport {
        if request.osStore && request.scope == .user { throw TrustError.osStoreWithUserScope }
        var warnings: [String] = []
        let chosen: TrustCandidate
        switch request.source {
        case .caFile(let path):
            chosen = try await candidate(fromFile: path, request, &warnings)
        case .fromServer:
            chosen = try await candidate(fromChain: try await presentedChain(request.host), request, reason: nil, &warnings)
        case .fromCluster(let access):
            switch try await clusterCandidate(request, access: access, &warnings) {
            case .settled(let report): return report
            case .candidate(let found): chosen = found
            }
        }
        let certificates = chosen.certificates
        for certificate in certificates where certificate.notValidAfter < Date() + 30 * 86_400 {
            warnings.append("the CA \(UntrustedText.escaped(certificate.subject.description)) expires on \(certificate.notValidAfter.formatted(.iso8601)), within 30 days")
        }
        let pem: String
        do { pem = try CertificateBundle(certificates: certificates).pemString() } catch {
            throw TrustError.malformedCertificate(source: "the CA", index: 1, reason: "\(error)")
        }
        let fingerprints = certificates.map(CertificateSummary.fingerprint(of:))
        var plan = try plan(request, certificates: certificates)
        let hostsEdit = containerdHostsEdit(&plan, &warnings)
        let writes = plan.filter { $0.outcome != .alreadyTrusted }
        let needRoot = writes.filter { !CertsFileWriter.canWrite(URL(fileURLWithPath: $0.path)) }
        let osStore = try request.osStore ? osStorePlan(request, certificates: certificates, pem: pem, &warnings) : nil
        let rootStep = !needRoot.isEmpty || (osStore.map { !$0.store.isWritable && $0.entry.outcome != .alreadyTrusted } ?? false)
        if rootStep {
            try checkPrivileges(request, needRoot, firstPath: needRoot.first?.path ?? osStore?.entry.path ?? "", pem: pem, fingerprints: fingerprints)
        }
        for entry in writes where !needRoot.contains(where: { $0.path == entry.path }) {
            log.debug("writing \(entry.path)")
            try CertsFileWriter.write(pem, to: URL(fileURLWithPath: entry.path))
        }
        if let hostsEdit {
            log.debug("adding the ca line to \(hostsEdit.file.url.path)")
            try hostsEdit.file.write(hostsEdit.contents)
        }
        if rootStep {
            try await installAsRoot(request, pem: pem, fingerprints: fingerprints)
        } else if let osStore, osStore.entry.outcome != .alreadyTrusted {
            log.debug("adding \(osStore.entry.path) to the operating system's trust store")
            _ = try await osStore.store.add(pem, for: request.host)
        }
        var report = TrustInstallReport(
            host: request.host,
            certificates: certificates.map(CertificateSummary.init),
            serverVerified: chosen.serverVerified,
            origin: chosen.origin,
            entries: plan,
            warnings: warnings
        )
        report.osStore = osStore?.entry
        return report
    }

    /// What each location needs, with every confirmation and permission settled up front.
    private func plan(_ request: TrustInstallRequest, certificates: [Certificate]) throws(TrustError) -> [TrustInstallReport.Entry] {
        let host = request.host
        let fingerprints = certificates.map(CertificateSummary.fingerprint(of:))
        var entries: [TrustInstallReport.Entry] = []
        for location in request.scope.locations {
            let file = directories.caFile(location, for: host)
            var outcome = TrustInstallReport.Outcome.installed
            if FileManager.default.fileExists(atPath: file.path) {
                let existing = (try? CertificateBundle(contentsOf: file.path))?.certificates ?? []
                let old = existing.map(CertificateSummary.fingerprint(of:))
                if old == fingerprints {
                    outcome = .alreadyTrusted
                } else {
                    outcome = .replaced
                    try confirmReplacement(request, path: file.path, old: existing, oldFingerprint: old.first ?? "unreadable", new: fingerprints[0])
                }
            }
            entries.append(.init(location: location, path: file.path, outcome: outcome))
        }
        return entries
    }

    private func confirmReplacement(_ request: TrustInstallRequest, path: String, old: [Certificate], oldFingerprint: String, new: String) throws(TrustError) {
        if request.assumeYes { return }
        let error = TrustError.replacementNeedsConfirmation(host: request.host, path: path, old: oldFingerprint, new: new, command: request.confirmedCommandLine)
        guard directories.environment.isInteractive else { throw error }
        if let current = old.first { prompter.show(CertificateSummary(current), title: "CA now in \(path)") }
        guard prompter.confirm("\(error.message). Replace it?") else { throw .declined }
    }
}
