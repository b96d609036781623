import FoundationEssentials
import X509

/// How one client sees a registry's TLS.
public enum TrustResult: String, Codable, Sendable {
    /// The client's roots verify the registry.
    case ok
    /// No CA in certs.d, and the system's CAs do not verify it.
    case noCA = "no-ca"
    /// The CAs in the client's directory do not verify it.
    case wrongCA = "wrong-ca"
    /// The client's directory lacks the right CA, and hides a later one that has it.
    case shadowed
    /// Every CA in the client's directory has expired.
    case caExpired = "ca-expired"
    /// containerd ignores the host's `hosts.toml`, which it cannot decode, and the settings in it.
    case invalidHostsFile = "invalid-hosts-file"
    /// No TLS handshake took place.
    case unreachable
    /// Not checked (`--offline`).
    case unchecked
}

/// The outcome of `regctl trust verify HOST`: a real handshake per client, each with the
/// roots that client would use.
public struct TrustVerificationReport: Codable, Sendable {
    public struct Check: Codable, Sendable {
        /// The client checked; its raw value is the JSON's `client`.
        public let trustClient: TrustClient
        /// The certs.d directory whose CAs the client uses, if any.
        public let directory: String?
        public let result: TrustResult
        public let verified: Bool
        /// What went wrong, in words, naming the CAs that were used.
        public let reason: String?
        /// When the first of the directory's CAs expires.
        public let caExpiry: Date?
        /// For `shadowed`: the later directory whose CA works.
        public let workingDirectory: String?

        /// The client's name in JSON: `containers`, `containers-root`, `docker`, `docker-rootless`
        /// or `containerd-rootless`.
        public var client: String { trustClient.rawValue }

        enum CodingKeys: String, CodingKey {
            case trustClient = "client"
            case directory, result, verified, reason, caExpiry, workingDirectory
        }
    }

    public let host: RegistryHost
    public let checks: [Check]
    /// A containers certs.d directory that hides a later one holding a CA that works.
    public let shadowedBy: String?

    public var verified: Bool { checks.allSatisfy(\.verified) }
}

/// Verifies a registry's TLS the way each client would see it.
public struct TrustVerification: Sendable {
    let directories: CertsDirectories
    let log = StepLog.logger("trust")

    public init(directories: CertsDirectories) {
        self.directories = directories
    }

    /// Checks each client of `scope`, all at once: clients with the same CAs share one
    /// handshake. With `onlyInUse`, a client that has no certs.d directory for `host` and is
    /// not known to be used here (``TrustClientPresence/inUse``) is left `unchecked`. `probe`
    /// may hold what a request already proved (``TrustProbe/promise(_:proof:)``); by default a
    /// fresh one.
    public func verify(
        _ host: RegistryHost, scope: TrustScope = .all, offline: Bool = false, onlyInUse: Bool = false, probe: TrustProbe? = nil
    ) async -> TrustVerificationReport {
        let probe = probe ?? TrustProbe(host: host, offline: offline)
        let clients = TrustClient.checked(in: scope, environment: directories.environment)
        let checks = await withTaskGroup(of: (Int, TrustVerificationReport.Check).self) { group in
            for (index, client) in clients.enumerated() {
                let existing = directories.existingDirectories(of: client, for: host)
                if onlyInUse, existing.isEmpty, client.presence(in: directories.environment) != .inUse {
                    group.addTask { (index, .init(trustClient: client, directory: nil, result: .unchecked, verified: true,
                                                  reason: "not set up here (no certs.d directory)", caExpiry: nil, workingDirectory: nil)) }
                    continue
                }
                group.addTask { (index, await check(client, host, existing.first, later: Array(existing.dropFirst()), probe)) }
            }
            return await group.reduce(into: []) { $0.append($1) }.sorted { $0.0 < $1.0 }.map(\.1)
        }
        let shadow = checks.first { $0.result == .shadowed }?.directory
        return TrustVerificationReport(host: host, checks: checks, shadowedBy: shadow)
    }

    private func check(
        _ client: TrustClient, _ host: RegistryHost, _ directory: URL?, later: [URL], _ probe: TrustProbe
    ) async -> TrustVerificationReport.Check {
        let roots = directories.certificates(in: directory)
        let place = directory.map { "the CAs in \($0.path)" } ?? "the system's CAs only (no certs.d directory)"
        let caExpiry = roots.map(\.notValidAfter).min()
        func report(_ result: TrustResult, _ reason: String? = nil, working: URL? = nil) -> TrustVerificationReport.Check {
            .init(trustClient: client, directory: directory?.path, result: result, verified: result == .ok,
                  reason: reason, caExpiry: caExpiry, workingDirectory: working?.path)
        }
        if client == .containerdRootless, let directory, let problem = ContainerdHostsFile(directory: directory)?.problem {
            return report(.invalidHostsFile, problem)
        }
        if !roots.isEmpty, roots.allSatisfy({ $0.notValidAfter < Date() }) {
            return report(.caExpired, "the CA in \(directory!.path) expired on \(caExpiry!.formatted(.iso8601))")
        }
        log.debug("\(host) as \(client.name) sees it: \(place)")
        switch await probe.verify(roots) {
        case .verified: return report(.ok)
        case .notChecked: return report(.unchecked, roots.isEmpty ? "no CA in certs.d; not checked (offline)" : "not checked (offline)")
        case .unreachable(let reason): return report(.unreachable, reason)
        case .failed(let reason):
            for candidate in later where await probe.verify(directories.certificates(in: candidate)) == .verified {
                return report(.shadowed, "\(reason), with \(place); \(candidate.path) has a CA that works, but \(directory!.path) comes first", working: candidate)
            }
            return report(roots.isEmpty ? .noCA : .wrongCA, "\(reason), with \(place)")
        }
    }
}

/// Handshakes with one registry, at most one per distinct set of CAs, and the chain it
/// presents fetched once, only to explain a failure.
public actor TrustProbe {
    enum Outcome: Equatable {
        case verified, notChecked
        case unreachable(String)
        case failed(String)
    }

    let host: RegistryHost
    let offline: Bool
    private var outcomes: [[String]: Task<Outcome, Never>] = [:]
    private var chain: Task<[Certificate]?, Never>?

    public init(host: RegistryHost, offline: Bool) {
        self.host = host
        self.offline = offline
    }

    /// Lets a request with `roots` that is under way answer for them: when `proof` says
    /// the registry's certificate verified, no handshake repeats it; otherwise one is made,
    /// to say why.
    public func promise(_ roots: [Certificate], proof: Task<Bool, Never>) {
        outcomes[roots.map(CertificateSummary.fingerprint(of:))] = Task {
            await proof.value ? .verified : await self.handshake(roots)
        }
    }

    /// Whether the system's CAs plus `roots` verify the host.
    func verify(_ roots: [Certificate]) async -> Outcome {
        guard !offline else { return .notChecked }
        let key = roots.map(CertificateSummary.fingerprint(of:))
        if let known = outcomes[key] { return await known.value }
        let task = Task { await self.handshake(roots) }
        outcomes[key] = task
        return await task.value
    }

    /// With CAs, they are tried alone first, which spares loading the system's; whatever
    /// verifies with fewer roots does with more.
    private func handshake(_ roots: [Certificate]) async -> Outcome {
        let host = host
        if !roots.isEmpty, case .success = await TLSProbe.verify(host, trusting: roots, withSystemRoots: false) { return .verified }
        switch await TLSProbe.verify(host, trusting: roots) {
        case .success: return .verified
        case .failure(.serverUnreachable(_, let reason)): return .unreachable(reason)
        case .failure(let error):
            guard let chain = await presentedChain() else { return .failed(error.message) }
            return .failed(TLSDiagnosis.explain(chain: chain, host: host, roots: roots))
        }
    }

    private func presentedChain() async -> [Certificate]? {
        if chain == nil {
            let host = host
            chain = Task { try? await TLSProbe.presentedChain(of: host) }
        }
        return await chain!.value
    }
}
