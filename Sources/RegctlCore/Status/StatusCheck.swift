import FoundationEssentials

/// `regctl status`: for each registry, whether each client trusts it, whether the registry
/// accepts the credential the clients would send, and whether the auth files lead the
/// clients to it — every problem with the command that fixes it. Registries are checked
/// concurrently; with `offline`, only local files are read and the rest is `unchecked`.
public struct StatusCheck: Sendable {
    let environment: RegctlEnvironment
    let keyring: any CredentialStore

    public init(environment: RegctlEnvironment, keyring: any CredentialStore) {
        self.environment = environment
        self.keyring = keyring
    }

    /// Checks `hosts`, or every registry regctl manages when none are given.
    public func run(_ hosts: [RegistryHost], offline: Bool) async throws -> StatusReport {
        let config = try RegctlConfigFile(environment: environment).load()
        let targets = hosts.isEmpty ? config.registries.keys.compactMap { try? RegistryHost($0) }.sorted() : hosts
        let caches = StatusCaches(environment: environment)
        let programs = await ClientPrograms.find(in: environment)
        if !offline {
            // Each bound token's expiry is asked of its cluster while the registries answer.
            let source = LoginSource(environment: environment)
            for host in targets {
                guard let current = try? source.token(
                    for: host.description, entry: config.registries[host.description], plugins: .skip, load: caches.kubeconfig(of:)
                ) else { continue }
                caches.prefetchExpiry(of: current.token)
            }
        }
        let statuses = await withTaskGroup(of: (Int, RegistryStatus).self) { group in
            var pending = targets.enumerated().makeIterator()
            func startNext() {
                guard let (index, host) = pending.next() else { return }
                group.addTask { (index, await inspect(host, entry: config.registries[host.description], programs: programs, caches: caches, offline: offline)) }
            }
            for _ in 0..<Self.concurrentRegistries { startNext() }
            var statuses: [(Int, RegistryStatus)] = []
            for await status in group {
                statuses.append(status)
                startNext()
            }
            return statuses.sorted { $0.0 < $1.0 }.map(\.1)
        }
        await caches.shutdown()
        return StatusReport(offline: offline, health: statuses.map(\.health).max() ?? .ok, registries: statuses)
    }

    /// How many registries are checked at once: enough to overlap their round trips, few
    /// enough for the keyring's connection and the process's sockets.
    static let concurrentRegistries = 32

    /// The credential check and every client's trust check run at once; the trust check with
    /// podman's CAs waits for the credential check's request, which makes the same handshake.
    private func inspect(
        _ host: RegistryHost, entry: RegctlConfig.Registry?, programs: ClientPrograms, caches: StatusCaches, offline: Bool
    ) async -> RegistryStatus {
        let directories = CertsDirectories(environment: environment)
        let authFiles = AuthFiles(locations: AuthFileLocations(environment: environment))
        let wiring = WiringInspection(environment: environment, authFiles: authFiles, programs: programs).inspect(host, entry: entry)
        let inspection = CredentialInspection(environment: environment, keyring: keyring, caches: caches, offline: offline, authFiles: authFiles)
        let credentialCheck = Task { await inspection.inspect(host, entry: entry, found: wiring.containers) }
        let probe = TrustProbe(host: host, offline: offline)
        await probe.promise(directories.containersCertificates(for: host), proof: Task { await credentialCheck.value.verifiedRoots != nil })
        let checks = await TrustVerification(directories: directories).verify(host, offline: offline, onlyInUse: true, probe: probe)
        let credential = await credentialCheck.value
        var problems = trustProblems(checks, host: host, bound: entry?.binding != nil)
        if credential.unreachable, !problems.contains(where: { $0.area == .network }) {
            problems.append(unreachable(host, reason: "no answer"))
        }
        problems += credential.problems + wiring.problems
        return RegistryStatus(
            host: host, managed: entry != nil, health: problems.map(\.severity).max() ?? .ok,
            trust: checks.checks, credential: credential.status, wiring: wiring.status, problems: problems,
            proxy: (try? ProxyConfiguration.process.proxy(forHost: host.address, port: host.connectPort))?.map(\.description)
        )
    }

    /// A problem for every client whose view would make a pull fail, or whose CA expires
    /// soon; clients that are not set up here were left unchecked.
    private func trustProblems(_ report: TrustVerificationReport, host: RegistryHost, bound: Bool) -> [StatusProblem] {
        var problems: [StatusProblem] = []
        let fixes = Fixes(environment: environment)
        let source = bound ? "--from-cluster" : "--from-server"
        for check in report.checks {
            let (who, client) = (check.trustClient.name, check.trustClient)
            switch check.result {
            case .ok, .unchecked:
                if let expiry = check.caExpiry, expiry < Date() + 30 * 86_400, let directory = check.directory {
                    problems.append(.init(
                        area: .trust, severity: .warning,
                        message: "the CA in \(directory) expires on \(expiry.formatted(.iso8601)), within 30 days",
                        fix: fixes.trust(host, client: client, source: source, when: "once the cluster has its new CA")
                    ))
                }
            case .unreachable:
                if !problems.contains(where: { $0.area == .network }) { problems.append(unreachable(host, reason: check.reason ?? "")) }
            case .shadowed:
                let working = check.workingDirectory.map { "\($0)/ca.crt" } ?? ""
                problems.append(.init(
                    area: .trust, severity: .failing,
                    message: "\(who): \(check.directory ?? "") is shadowing a later directory that has the right CA: \(check.reason ?? "")",
                    fix: fixes.unshadowing(host, client: client, caFile: working)
                ))
            case .invalidHostsFile:
                problems.append(.init(
                    area: .trust, severity: .failing, message: "\(who) would not trust \(host): \(check.reason ?? "")",
                    fix: fixes.hostsFile("\(check.directory ?? "")/\(ContainerdHostsFile.name)", host, client: client, source: source)
                ))
            case .noCA, .wrongCA, .caExpired:
                problems.append(.init(
                    area: .trust, severity: .failing,
                    message: "\(who) would not trust \(host): \(check.reason ?? check.result.rawValue)",
                    fix: fixes.trust(host, client: client, source: source)
                ))
            }
        }
        return problems
    }

    private func unreachable(_ host: RegistryHost, reason: String) -> StatusProblem {
        .init(area: .network, severity: .failing, message: "cannot reach \(host): \(reason)", fix: Fixes.network)
    }
}
