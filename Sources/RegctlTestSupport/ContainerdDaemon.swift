import Foundation

/// The real containerd (Debian's 1.6, `containerd`) as root: its root, state and sockets in
/// the sandbox, the CRI, runtime and the snapshotters it cannot use here disabled so that it
/// starts at once. `ctr images pull` resolves and fetches in the client, reading the hosts
/// dir it is given (`--hosts-dir`); the daemon only stores what it fetched.
public final class ContainerdDaemon: Sendable {
    /// The daemon's gRPC socket, for `ctr --address`.
    public let socket: URL
    public let process: BackgroundProcess

    init(directory: URL, environment: [String: String]) async throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        socket = directory.appendingPathComponent("containerd.sock")
        let config = directory.appendingPathComponent("config.toml")
        let disabled = [
            "io.containerd.grpc.v1.cri", "io.containerd.internal.v1.opt", "io.containerd.runtime.v1.linux",
            "io.containerd.runtime.v2.task", "io.containerd.monitor.v1.cgroups", "io.containerd.tracing.processor.v1.otlp",
            "io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.devmapper",
            "io.containerd.snapshotter.v1.zfs",
        ]
        try """
            version = 2
            root = "\(directory.appendingPathComponent("root").path)"
            state = "\(directory.appendingPathComponent("state").path)"
            disabled_plugins = [\(disabled.map { "\"\($0)\"" }.joined(separator: ", "))]

            [grpc]
              address = "\(socket.path)"
            [ttrpc]
              address = "\(socket.path).ttrpc"
            [debug]
              address = ""
            [metrics]
              address = ""

            """.write(to: config, atomically: true, encoding: .utf8)
        process = try await BackgroundProcess(
            name: "containerd", ["containerd", "--config", config.path],
            environment: environment, log: directory.appendingPathComponent("containerd.log")
        )
        do {
            _ = try await process.waitForLog(#/containerd successfully booted in (\S+)/#)
        } catch {
            await process.stop()
            throw error
        }
    }

    public func stop() async {
        await process.stop()
    }
}

extension Sandbox {
    /// Starts containerd in the sandbox; stopped at teardown.
    public func startContainerd() async throws -> ContainerdDaemon {
        let daemon = try await ContainerdDaemon(directory: root.appendingPathComponent("containerd-\(UUID().uuidString.prefix(6))"), environment: environment)
        onShutdown { await daemon.stop() }
        return daemon
    }

    /// Runs `arguments` in a private mount namespace whose `/etc/hosts` maps `names` to
    /// 127.0.0.1 and nothing else is changed: a registry of the sandbox under a name that is
    /// not an address (containerd 1.6 speaks plain HTTP to a loopback address without a
    /// hosts.toml, dockerd skips verification there).
    public func run(_ arguments: [String], resolving names: [String]) async throws -> CommandResult {
        let hosts = root.appendingPathComponent("etc-hosts")
        try (["127.0.0.1 localhost"] + names.map { "127.0.0.1 \($0)" }).joined(separator: "\n").appending("\n")
            .write(to: hosts, atomically: true, encoding: .utf8)
        return try await run(["unshare", "--mount", "--", "sh", "-c", "mount --bind \"$0\" /etc/hosts && exec \"$@\"", hosts.path] + arguments)
    }
}
