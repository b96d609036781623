import Foundation
import RegctlCore
import Synchronization

/// A throwaway world for one test: its own HOME, runtime and config directories,
/// kubeconfig, `REGCTL_SYSROOT` and container storage, and the services it started.
///
/// Use ``withSandbox(_:)``: it stops every service, fails if any process started in the
/// sandbox outlives it, and removes the directory.
public final class Sandbox: Sendable {
    public let root: URL
    public let home: URL
    public let runtimeDirectory: URL
    public let configHome: URL
    public let dockerConfig: URL
    public let kubeconfig: URL
    public let sysroot: URL
    public let storage: URL
    public let authority: TestCertificateAuthority
    /// Nil when the sandbox does not audit (the benchmarks: tracing would skew their times).
    let audit: SecretAudit?

    private let state = Mutex(State())
    private struct State {
        var environment: [String: String] = [:]
        var stops: [@Sendable () async -> Void] = []
    }

    /// The environment every program in the sandbox runs with; nothing from the host leaks in
    /// but `PATH`, which starts with the directory of the built executables so that clients
    /// find `docker-credential-regctl`.
    public var environment: [String: String] { state.withLock { $0.environment } }

    init(auditsSecrets: Bool = true, traces: Bool) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("regctl-sandbox-\(UUID().uuidString.prefix(8).lowercased())")
        home = root.appendingPathComponent("home")
        runtimeDirectory = root.appendingPathComponent("run")
        configHome = home.appendingPathComponent(".config")
        dockerConfig = home.appendingPathComponent(".docker")
        kubeconfig = home.appendingPathComponent(".kube/config")
        sysroot = root.appendingPathComponent("sysroot")
        storage = root.appendingPathComponent("storage")
        authority = try .shared
        audit = auditsSecrets ? SecretAudit(directory: root.appendingPathComponent("audit"), traces: traces) : nil
        for directory in [home, configHome, dockerConfig, kubeconfig.deletingLastPathComponent(), sysroot, storage, root.appendingPathComponent("tmp"), root.appendingPathComponent("audit")] {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        try FileManager.default.createDirectory(at: runtimeDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let storageConf = root.appendingPathComponent("containers/storage.conf")
        let containersConf = root.appendingPathComponent("containers/containers.conf")
        try FileManager.default.createDirectory(at: storageConf.deletingLastPathComponent(), withIntermediateDirectories: true)
        try """
            [storage]
            driver = "vfs"
            graphroot = "\(storage.appendingPathComponent("root").path)"
            runroot = "\(storage.appendingPathComponent("runroot").path)"

            """.write(to: storageConf, atomically: true, encoding: .utf8)
        try """
            [engine]
            tmp_dir = "\(storage.appendingPathComponent("tmp").path)"
            events_logger = "none"
            cgroup_manager = "cgroupfs"

            """.write(to: containersConf, atomically: true, encoding: .utf8)
        let host = ProcessInfo.processInfo.environment
        let environment = [
            "PATH": try Self.helperDirectory.path + ":" + Self.productsDirectory.path + ":" + (host["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"),
            "HOME": home.path,
            "USER": host["USER"] ?? "root",
            "LANG": "C.UTF-8",
            "TMPDIR": root.appendingPathComponent("tmp").path,
            "XDG_RUNTIME_DIR": runtimeDirectory.path,
            "XDG_CONFIG_HOME": configHome.path,
            "XDG_DATA_HOME": home.appendingPathComponent(".local/share").path,
            "DOCKER_CONFIG": dockerConfig.path,
            "KUBECONFIG": kubeconfig.path,
            "REGCTL_SYSROOT": sysroot.path,
            "NO_COLOR": "1",
            "CONTAINERS_STORAGE_CONF": storageConf.path,
            "CONTAINERS_CONF": containersConf.path,
        ]
        state.withLock { $0.environment = environment }
    }

    /// The sandbox as regctl's library sees it, for tests that call RegctlCore directly.
    public var regctlEnvironment: RegctlEnvironment {
        RegctlEnvironment(variables: environment, isRoot: geteuid() == 0, isInteractive: false)
    }

    /// Sets or removes one variable of the sandbox environment.
    public func setEnvironment(_ name: String, _ value: String?) {
        state.withLock { $0.environment[name] = value }
    }

    // MARK: Services

    /// Starts a real TLS registry with the given authentication, its certificate issued by
    /// the run's CA unless another `authority` is given.
    public func startRegistry(
        _ authentication: RegistryServer.Authentication,
        authority: TestCertificateAuthority? = nil,
        servesCA: Bool = true,
        serverNames: [String] = ["localhost", "127.0.0.1"],
        realmHostName: String? = nil
    ) async throws -> RegistryServer {
        let registry = try await RegistryServer(
            authentication: authentication,
            authority: authority ?? self.authority,
            servesCA: servesCA,
            serverNames: serverNames,
            realmHostName: realmHostName,
            directory: root.appendingPathComponent("registry-\(UUID().uuidString.prefix(6))"),
            environment: environment
        )
        onShutdown { await registry.stop() }
        switch authentication {
        case .htpasswd(let users): audit?.add(Array(users.values))
        case .token(let openShift): openShift.exposeRegistryIfNone(host: registry.host)
        case .open: break
        }
        return registry
    }

    /// Starts the OpenShift stand-in.
    public func startOpenShift(hostName: String = "127.0.0.1") async throws -> OpenShiftStandIn {
        let openShift = try await OpenShiftStandIn(authority: authority, hostName: hostName)
        onShutdown { await openShift.stop() }
        audit?.add { openShift.guardedSecrets }
        return openShift
    }

    /// Starts squid on 127.0.0.1, resolving `hosts` (and nothing else) to 127.0.0.1, and
    /// asking for `credentials` when given. Its password is not audited: a proxy URL with
    /// credentials is in the environment of every program, as the user put it there.
    public func startProxy(resolving hosts: [String], credentials: (user: String, password: String)? = nil) async throws -> ProxyServer {
        let proxy = try await ProxyServer(
            directory: root.appendingPathComponent("proxy-\(UUID().uuidString.prefix(6))"),
            hosts: hosts, credentials: credentials, environment: environment
        )
        onShutdown { await proxy.stop() }
        return proxy
    }

    /// Starts a private session bus with gnome-keyring and points the sandbox at it.
    public func startKeyring(unlocked: Bool = true) async throws -> KeyringSession {
        let keyring = try await KeyringSession(
            directory: root.appendingPathComponent("keyring-\(UUID().uuidString.prefix(6))"),
            environment: environment,
            unlocked: unlocked
        )
        onShutdown { await keyring.stop() }
        setEnvironment("DBUS_SESSION_BUS_ADDRESS", keyring.address)
        return keyring
    }

    /// Runs `stop` at teardown, before the leftover-process check.
    public func onShutdown(_ stop: @escaping @Sendable () async -> Void) {
        state.withLock { $0.stops.append(stop) }
    }

    // MARK: Teardown

    func shutdown() async throws {
        let stops = state.withLock { state in
            defer { state.stops = [] }
            return state.stops
        }
        audit?.recordRunning(mentioning: root.path)
        for stop in stops.reversed() { await stop() }
        let leftovers = LeftoverProcesses.find(mentioning: root.path)
        for process in leftovers { kill(process.pid, SIGKILL) }
        let report = auditReport()
        try? FileManager.default.removeItem(at: root)
        var failures: [String] = []
        if !leftovers.isEmpty {
            failures.append("processes outlived their sandbox:\n" + leftovers.map { "  \($0.pid) \($0.commandLine)" }.joined(separator: "\n"))
        }
        if let report {
            print("secret audit: \(report.secrets) secrets; \(report.programs) programs' argv and environment, \(report.outputs) outputs, \(report.files) files: \(report.findings.count) found")
            if !report.findings.isEmpty { failures.append("secret audit:\n" + report.findings.map { "  " + $0 }.joined(separator: "\n")) }
        }
        if !failures.isEmpty { throw HarnessError(failures.joined(separator: "\n")) }
    }
}

/// Runs `body` in a new sandbox and tears it down afterwards, also when `body` throws.
/// Teardown fails the test when a process started in the sandbox is still running or the
/// secret audit finds a secret; when `body` threw too, the error says both.
public func withSandbox<T>(
    isolation: isolated (any Actor)? = #isolation,
    auditsSecrets: Bool = true,
    _ body: (Sandbox) async throws -> T
) async throws -> T {
    let sandbox = try Sandbox(auditsSecrets: auditsSecrets, traces: auditsSecrets ? await SecretAudit.canTrace : false)
    let result: T
    do {
        result = try await body(sandbox)
    } catch {
        do {
            try await sandbox.shutdown()
        } catch let teardown {
            throw HarnessError("\(error)\n\nand the teardown after it failed: \(teardown)")
        }
        throw error
    }
    try await sandbox.shutdown()
    return result
}

extension TestCertificateAuthority {
    /// The CA of this test run: made once per process, thrown away with it.
    static var shared: TestCertificateAuthority {
        get throws { try sharedAuthority.get() }
    }
}

private let sharedAuthority = Result { try TestCertificateAuthority() }
