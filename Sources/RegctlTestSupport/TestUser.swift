import Foundation

/// A throwaway local account for one test: `useradd` with a unique name and its own
/// user-private group, removed with `userdel` when the sandbox is torn down. Programs run as
/// it through `setpriv` (its uid, gid and groups) under `env -i`, with the environment a
/// desktop session would give it: its own home and runtime directory (0700, its own).
public struct TestUser: Sendable {
    public let name: String
    public let uid: uid_t
    /// The user-private group `useradd` made for it.
    public let gid: gid_t
    public let home: URL
    public let runtimeDirectory: URL

    static let adminPath = ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"]

    /// Makes the account, with its home and runtime directory under the sandbox.
    public static func make(in sandbox: Sandbox) async throws -> TestUser {
        let name = "regctl-t\(UUID().uuidString.prefix(8).lowercased())"
        let base = sandbox.root.appendingPathComponent("user-\(name)")
        let home = base.appendingPathComponent("home")
        let made = try await ProgramRunner.run(
            ["useradd", "--user-group", "--no-create-home", "--home-dir", home.path, "--shell", "/usr/sbin/nologin", name], environment: adminPath
        )
        guard made.succeeded else { throw HarnessError("cannot make a test user: \(made)") }
        sandbox.onShutdown {
            _ = try? await ProgramRunner.run(["userdel", name], environment: adminPath)
            _ = try? await ProgramRunner.run(["groupdel", name], environment: adminPath)
        }
        guard let entry = getpwnam(name) else { throw HarnessError("useradd made \(name), and the user database does not know it") }
        let user = TestUser(name: name, uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid, home: home, runtimeDirectory: base.appendingPathComponent("run"))
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        for directory in [home, user.runtimeDirectory] {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        try await user.own(home, user.runtimeDirectory)
        return user
    }

    /// Hands `paths` (and everything below them) to this user and its group.
    public func own(_ paths: URL...) async throws {
        let chowned = try await ProgramRunner.run(["chown", "-R", "\(uid):\(gid)"] + paths.map(\.path), environment: Self.adminPath)
        guard chowned.succeeded else { throw HarnessError("cannot hand files to \(name): \(chowned)") }
    }

    /// What a session gives the user: its home and runtime directory, the sandbox's PATH and
    /// system root, no keyring and no kubeconfig variable; `adding` overrides it.
    public func session(_ sandbox: Sandbox, adding: [String: String] = [:]) -> [String: String] {
        [
            "PATH": sandbox.environment["PATH"] ?? "/usr/bin:/bin", "HOME": home.path, "USER": name, "LANG": "C.UTF-8",
            "XDG_RUNTIME_DIR": runtimeDirectory.path, "REGCTL_SYSROOT": sandbox.sysroot.path, "NO_COLOR": "1",
        ].merging(adding) { $1 }
    }

    /// Runs `arguments` as this user with exactly `environment` (see ``session(_:adding:)``).
    public func run(_ arguments: [String], in sandbox: Sandbox, environment: [String: String], stdin: String = "") async throws -> CommandResult {
        try await sandbox.run(command(arguments, environment: environment), stdin: stdin)
    }

    /// The command line that runs `arguments` as this user with exactly `environment`.
    public func command(_ arguments: [String], environment: [String: String]) -> [String] {
        launcher + ["env", "-i"] + environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } + arguments
    }

    /// The prefix that runs a program as this user (its uid, gid and groups), keeping the environment.
    public var launcher: [String] {
        ["setpriv", "--reuid=\(uid)", "--regid=\(gid)", "--init-groups", "--"]
    }
}
