import Foundation

/// A user's rootless docker: the real `dockerd` started by `dockerd-rootless.sh` as a
/// ``UserLane``'s account, in RootlessKit's user and mount namespaces. RootlessKit shares the
/// network of a ``NetworkNamespace`` (`--net=host` there), where a registry is reached on a
/// documentation address: dockerd treats 127.0.0.0/8 as insecure and would skip verification.
/// Everything else is the user's default: data in `~/.local/share/docker`, the socket at
/// `$XDG_RUNTIME_DIR/docker.sock`, and the CAs from `~/.config/docker/certs.d`.
public final class RootlessDockerDaemon: Sendable {
    /// The daemon's unix socket, in the user's runtime directory.
    public let socket: URL
    /// RootlessKit's parent process; SIGTERM stops its child, dockerd and its containerd.
    public let process: BackgroundProcess

    init(for lane: UserLane, in namespace: NetworkNamespace, log: URL) async throws {
        var environment = lane.environment.merging([
            "DOCKERD_ROOTLESS_ROOTLESSKIT_NET": "host", "DOCKERD_ROOTLESS_ROOTLESSKIT_PORT_DRIVER": "none",
        ]) { $1 }
        environment["PATH", default: ""] += ":/usr/sbin:/sbin"
        let script = try Self.script(path: environment["PATH"] ?? "")
        socket = lane.user.runtimeDirectory.appendingPathComponent("docker.sock")
        try FileManager.default.createDirectory(at: log.deletingLastPathComponent(), withIntermediateDirectories: true)
        process = try await BackgroundProcess(
            name: "rootless dockerd",
            namespace.enter(lane.user.command(
                [script, "--bridge=none", "--iptables=false", "--ip-forward=false", "--ip-masq=false", "--storage-driver=vfs"],
                environment: environment
            )),
            environment: lane.sandbox.environment,
            log: log
        )
        do {
            _ = try await process.waitForLog(#/API listen on (\S+)/#, timeout: .seconds(60))
        } catch {
            await stop()
            throw error
        }
    }

    /// Stops RootlessKit, and with it dockerd and the containerd it started.
    public func stop() async {
        await process.stop(grace: .seconds(15))
    }

    /// `dockerd-rootless.sh` on `path` (Docker's packages) or where Debian's docker.io keeps it,
    /// once what it runs is there too.
    private static func script(path: String) throws -> String {
        for program in ["rootlesskit", "dockerd"] where (try? ProgramRunner.executable(program, path: path)) == nil {
            throw HarnessError("\(program) is not installed, which rootless docker needs; run scripts/install-deps test")
        }
        return try ProgramRunner.executable("dockerd-rootless.sh", path: path + ":/usr/share/docker.io/contrib").path
    }
}

extension UserLane {
    /// Starts the user's rootless docker with the network of `namespace`; stopped at teardown.
    public func startRootlessDocker(in namespace: NetworkNamespace) async throws -> RootlessDockerDaemon {
        let daemon = try await RootlessDockerDaemon(
            for: self, in: namespace,
            log: sandbox.root.appendingPathComponent("rootless-dockerd-\(UUID().uuidString.prefix(6))/dockerd.log")
        )
        sandbox.onShutdown { await daemon.stop() }
        return daemon
    }

    /// Runs `arguments` as the user in its session inside `namespace` (its network), traced
    /// for the secret audit.
    public func run(_ arguments: [String], in namespace: NetworkNamespace, stdin: String = "") async throws -> CommandResult {
        try await sandbox.run(user.command(arguments, environment: environment), in: namespace, stdin: stdin)
    }

    /// Runs the freshly built `regctl` as the user inside `namespace`.
    public func regctl(_ arguments: [String], in namespace: NetworkNamespace, stdin: String = "") async throws -> CommandResult {
        try await run([Sandbox.productsDirectory.appendingPathComponent("regctl").path] + arguments, in: namespace, stdin: stdin)
    }
}
