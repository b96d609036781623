import Foundation
import Logging
import X509

/// What `regctl trust install` was asked to do.
public struct TrustInstallRequest: Sendable {
    public enum Source: Sendable {
        case caFile(String)
        case fromServer
    }

    public var host: RegistryHost
    public var source: Source
    public var fingerprint: String?
    public var assumeYes: Bool
    public var scope: TrustScope

    public init(host: RegistryHost, source: Source, fingerprint: String? = nil, assumeYes: Bool = false, scope: TrustScope = .all) {
        self.host = host
        self.source = source
        self.fingerprint = fingerprint
        self.assumeYes = assumeYes
        self.scope = scope
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
    }

    public let host: RegistryHost
    public let certificates: [CertificateSummary]
    /// Whether the CA was checked against the certificate the server presents.
    public let serverVerified: Bool
    public let entries: [Entry]
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

    public func install(_ request: TrustInstallRequest) async throws(TrustError) -> TrustInstallReport {
        var warnings: [String] = []
        let (certificates, serverVerified) = switch request.source {
        case .caFile(let path): try await candidates(fromFile: path, request, &warnings)
        case .fromServer: try await candidatesFromServer(request, &warnings)
        }
        for certificate in certificates where certificate.notValidAfter < Date() + 30 * 86_400 {
            warnings.append("the CA \(certificate.subject) expires on \(certificate.notValidAfter.formatted(.iso8601)), within 30 days")
        }
        let pem: String
        do { pem = try CertificateBundle(certificates: certificates).pemString() } catch {
            throw .malformedCertificate(source: "the CA", index: 1, reason: "\(error)")
        }
        let plan = try plan(request, certificates: certificates)
        let writes = plan.filter { $0.outcome != .alreadyTrusted }
        let needRoot = writes.filter { !CertsFileWriter.canWrite(URL(fileURLWithPath: $0.path)) }
        if !needRoot.isEmpty {
            try checkPrivileges(request, needRoot, fingerprint: CertificateSummary.fingerprint(of: certificates[0]))
        }
        for entry in writes where !needRoot.contains(where: { $0.path == entry.path }) {
            log.debug("writing \(entry.path)")
            try CertsFileWriter.write(pem, to: URL(fileURLWithPath: entry.path))
        }
        if !needRoot.isEmpty {
            try await installAsRoot(request, pem: pem, fingerprint: CertificateSummary.fingerprint(of: certificates[0]))
        }
        return TrustInstallReport(
            host: request.host,
            certificates: certificates.map(CertificateSummary.init),
            serverVerified: serverVerified,
            entries: plan,
            warnings: warnings
        )
    }

    private func candidates(fromFile path: String, _ request: TrustInstallRequest, _ warnings: inout [String]) async throws(TrustError) -> ([Certificate], Bool) {
        let bundle = try CertificateBundle(contentsOf: path)
        for certificate in bundle.certificates {
            try AnchorCheck.checkValidity(certificate)
            if !certificate.isCertificateAuthority && !certificate.isSelfSigned { throw .notACA(subject: certificate.subject.description) }
        }
        if let expected = request.fingerprint {
            let actual = bundle.certificates.map(CertificateSummary.fingerprint(of:))
            guard actual.contains(where: { CertificateSummary.sameFingerprint($0, expected) }) else {
                throw .fingerprintMismatch(expected: expected, actual: actual.joined(separator: ", "))
            }
        }
        let chain: [Certificate]?
        do {
            log.debug("fetching the certificate chain of \(request.host)")
            chain = try await TLSProbe.presentedChain(of: request.host)
        } catch .serverUnreachable(_, let reason) {
            warnings.append("could not reach \(request.host) (\(reason)); the CA was not checked against the server")
            chain = nil
        }
        if let chain {
            try await AnchorCheck.verify(chain: chain, for: request.host, roots: bundle.certificates)
            log.debug("the CA verifies the chain \(request.host) presents")
        }
        for certificate in bundle.certificates where !certificate.isCertificateAuthority {
            guard let chain,
                  (try? await AnchorCheck.verify(chain: chain, for: request.host, roots: [certificate])) != nil
            else { throw .notACA(subject: certificate.subject.description) }
        }
        return (bundle.certificates, chain != nil)
    }

    private func candidatesFromServer(_ request: TrustInstallRequest, _ warnings: inout [String]) async throws(TrustError) -> ([Certificate], Bool) {
        let host = request.host
        log.debug("fetching the certificate chain of \(host)")
        let chain = try await TLSProbe.presentedChain(of: host)
        guard let (anchor, isRoot) = AnchorCheck.anchor(in: chain) else { throw .serverSentNoCA(host: host) }
        if !isRoot { warnings.append("\(host) did not send a root certificate; using the top-most CA it sent: \(anchor.subject)") }
        try AnchorCheck.checkValidity(anchor)
        try await AnchorCheck.verify(chain: chain, for: host, roots: [anchor])
        let summary = CertificateSummary(anchor)
        prompter.show(summary, title: "CA presented by \(host)")
        if let expected = request.fingerprint {
            guard CertificateSummary.sameFingerprint(summary.fingerprint, expected) else {
                throw .fingerprintMismatch(expected: expected, actual: summary.fingerprint)
            }
        } else if request.assumeYes {
            warnings.append("trust on first use: the CA of \(host) was accepted because of --yes, without a fingerprint check")
        } else if directories.environment.isInteractive {
            guard prompter.confirm("Trust this CA for \(host)?") else { throw .declined }
        } else {
            throw .confirmationNeeded(host: host, fingerprint: summary.fingerprint)
        }
        return ([anchor], true)
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
        let error = TrustError.replacementNeedsConfirmation(host: request.host, path: path, old: oldFingerprint, new: new)
        guard directories.environment.isInteractive else { throw error }
        if let current = old.first { prompter.show(CertificateSummary(current), title: "CA now in \(path)") }
        guard prompter.confirm("\(error.message). Replace it?") else { throw .declined }
    }

    /// Settles, before anything is written, how the locations this process cannot write get
    /// written: through sudo at a terminal, or not at all (exit 3 with the command to run).
    private func checkPrivileges(_ request: TrustInstallRequest, _ entries: [TrustInstallReport.Entry], fingerprint: String) throws(TrustError) {
        if let user = entries.first(where: { $0.location.scope == .user }) {
            throw .writeFailed(path: user.path, reason: "the directory is not writable by you")
        }
        let environment = directories.environment
        if environment.isRoot { throw .writeFailed(path: entries[0].path, reason: "the directory is not writable, even as root") }
        if environment.isInteractive && privileged.isAvailable { return }
        let source = if case .caFile(let path) = request.source { ["--ca-file", path] } else { ["--from-server"] }
        let arguments = systemScopeInstall(request.host, source: source, fingerprint: fingerprint)
        throw .needsPrivileges(path: entries[0].path, command: privileged.commandLine(for: arguments))
    }

    /// `trust install` of exactly this CA (pinned by fingerprint) into the system scope.
    private func systemScopeInstall(_ host: RegistryHost, source: [String], fingerprint: String) -> [String] {
        ["trust", "install", host.description] + source + ["--fingerprint", fingerprint, "--scope", "system"]
    }

    /// Installs exactly the validated certificates into the system scope as root.
    private func installAsRoot(_ request: TrustInstallRequest, pem: String, fingerprint: String) async throws(TrustError) {
        let staging = FileManager.default.temporaryDirectory.appendingPathComponent("regctl-ca-\(UUID().uuidString.prefix(8))")
        let file = staging.appendingPathComponent("ca.crt")
        defer { try? FileManager.default.removeItem(at: staging) }
        let arguments = systemScopeInstall(request.host, source: ["--ca-file", file.path], fingerprint: fingerprint) + ["--yes"]
        do {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
            try pem.write(to: file, atomically: true, encoding: .utf8)
        } catch {
            throw .writeFailed(path: file.path, reason: error.localizedDescription)
        }
        let command = privileged.commandLine(for: arguments)
        log.debug("running the system-scope copy as root: \(command)")
        let succeeded: Bool
        do {
            succeeded = try await privileged.run(arguments)
        } catch {
            throw .privilegedStepFailed(command: "\(command) (\(error))")
        }
        guard succeeded else { throw .privilegedStepFailed(command: command) }
    }
}
