import Foundation
import Synchronization

/// An unprivileged user's desktop session for one test: a real account (``TestUser``) with
/// subordinate ids for rootless podman, its own runtime directory, and a D-Bus session bus
/// with an unlocked gnome-keyring started as that user; rootless podman keeps its storage
/// (vfs) in the user's home, as the user's own `~/.config/containers` says.
///
/// Teardown stops every process of the account by PID (the keyring, podman's pause
/// process); `userdel` then removes the account and its /etc/subuid and /etc/subgid entries.
public final class UserLane: Sendable {
    public let sandbox: Sandbox
    public let user: TestUser
    private let session: Mutex<KeyringSession>

    /// The password that unlocks the user's login keyring, as a desktop login would.
    static let keyringPassword = "lane-login-password"

    private init(sandbox: Sandbox, user: TestUser, keyring: KeyringSession) {
        self.sandbox = sandbox
        self.user = user
        session = Mutex(keyring)
    }

    /// Makes the account and starts its session.
    public static func start(in sandbox: Sandbox) async throws -> UserLane {
        let user = try await TestUser.make(in: sandbox)
        try requireSubordinateIDs(of: user)
        let containers = user.home.appendingPathComponent(".config/containers")
        try sandbox.write("""
            [storage]
            driver = "vfs"
            graphroot = "\(user.home.appendingPathComponent(".local/share/containers/storage").path)"
            runroot = "\(user.runtimeDirectory.appendingPathComponent("containers").path)"

            """, to: containers.appendingPathComponent("storage.conf"))
        try sandbox.write("""
            [engine]
            events_logger = "none"
            cgroup_manager = "cgroupfs"

            """, to: containers.appendingPathComponent("containers.conf"))
        try await user.own(user.home)
        let lane = UserLane(sandbox: sandbox, user: user, keyring: try await startKeyring(for: user, in: sandbox))
        sandbox.onShutdown { await lane.stop() }
        try await lane.startUserNamespace()
        return lane
    }

    /// The user's session environment, with its session bus.
    public var environment: [String: String] {
        user.session(sandbox, adding: ["DBUS_SESSION_BUS_ADDRESS": session.withLock { $0.address }])
    }

    /// Runs `arguments` as the user in its session (`adding` overrides), traced for the secret audit.
    public func run(_ arguments: [String], stdin: String = "", adding: [String: String] = [:]) async throws -> CommandResult {
        try await user.run(arguments, in: sandbox, environment: environment.merging(adding) { $1 }, stdin: stdin)
    }

    /// Builds a small image offline in the user's home, readable by it.
    public func makeTestImage() async throws -> TestImage {
        let image = try await TestImage(in: user.home.appendingPathComponent("image-\(UUID().uuidString.prefix(6))"), environment: sandbox.environment)
        try await user.own(user.home)
        return image
    }

    /// Runs the freshly built `regctl` as the user.
    public func regctl(_ arguments: [String], stdin: String = "") async throws -> CommandResult {
        try await run([Sandbox.productsDirectory.appendingPathComponent("regctl").path] + arguments, stdin: stdin)
    }

    /// A reboot: every process of the user ends, its runtime directory is emptied, and a new
    /// session bus and keyring start (the login keyring in the home survives, unlocked again).
    public func reboot() async throws {
        await stop()
        for entry in try FileManager.default.contentsOfDirectory(at: user.runtimeDirectory, includingPropertiesForKeys: nil) {
            try FileManager.default.removeItem(at: entry)
        }
        let keyring = try await Self.startKeyring(for: user, in: sandbox)
        session.withLock { $0 = keyring }
        try await startUserNamespace()
    }

    /// Makes podman's user namespace and its pause process, as the user's first podman command
    /// would; later podman commands join it. Untraced: under the audit's tracer `newuidmap`
    /// runs without its privileges (no_new_privs), and the lasting pause process would keep
    /// the tracer waiting.
    private func startUserNamespace() async throws {
        let made = try await ProgramRunner.run(user.launcher + ["podman", "unshare", "true"], environment: environment)
        guard made.succeeded else { throw HarnessError("rootless podman cannot make its user namespace for \(user.name): \(made)") }
    }

    /// Stops the session's bus and keyring, then every other process of the user, by PID.
    func stop() async {
        await session.withLock { $0 }.stop()
        let processes = Self.processes(of: user.uid)
        for pid in processes { kill(pid, SIGKILL) }
        let deadline = ContinuousClock.now + .seconds(10)
        while processes.contains(where: LeftoverProcesses.isAlive), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    private static func startKeyring(for user: TestUser, in sandbox: Sandbox) async throws -> KeyringSession {
        let directory = sandbox.root.appendingPathComponent("keyring-lane-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try await user.own(directory)
        return try await KeyringSession(directory: directory, environment: user.session(sandbox), password: keyringPassword, launcher: user.launcher)
    }

    /// Checks that `useradd` gave the user subordinate uids and gids (it does when /etc/subuid
    /// and /etc/subgid exist); `userdel` removes them with the account.
    private static func requireSubordinateIDs(of user: TestUser) throws {
        for file in ["/etc/subuid", "/etc/subgid"] {
            let lines = (try? String(contentsOfFile: file, encoding: .utf8))?.split(separator: "\n") ?? []
            guard lines.contains(where: { $0.hasPrefix("\(user.name):") }) else {
                throw HarnessError("useradd gave \(user.name) no entry in \(file), which rootless podman needs: create the file (empty) and run again")
            }
        }
    }

    /// The PIDs of the processes whose real uid is `uid`.
    private static func processes(of uid: uid_t) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { name in
            guard let pid = Int32(name), let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
            let uids = status.split(separator: "\n").first { $0.hasPrefix("Uid:") }?.split(whereSeparator: \.isWhitespace)
            return uids.map { $0.count > 1 && $0[1] == "\(uid)" } == true ? pid : nil
        }
    }
}
