import Foundation

/// The real docker daemon (`dockerd`, Debian's `docker.io`) as root inside a
/// ``NetworkNamespace``: data root, exec root, pidfile and socket in the sandbox, no bridge,
/// no iptables, vfs storage. In that namespace the sandbox's `REGCTL_SYSROOT/etc/docker` is
/// bind-mounted on `/etc/docker`, so the daemon reads the `certs.d` regctl writes there.
/// The docker CLI reaches it through the socket, a file, from outside the namespace.
public final class DockerDaemon: Sendable {
    /// The daemon's unix socket.
    public let socket: URL
    public let process: BackgroundProcess

    init(in namespace: NetworkNamespace, directory: URL, environment: [String: String]) async throws {
        let path = (environment["PATH"] ?? "") + ":/usr/sbin:/sbin"
        guard let dockerd = try? ProgramRunner.executable("dockerd", path: path).path else {
            throw HarnessError("dockerd is not installed (Debian's docker.io); run scripts/install-deps, which installs it")
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        socket = directory.appendingPathComponent("docker.sock")
        process = try await BackgroundProcess(
            name: "dockerd",
            namespace.enter([
                dockerd,
                "--data-root", directory.appendingPathComponent("data").path,
                "--exec-root", directory.appendingPathComponent("exec").path,
                "--pidfile", directory.appendingPathComponent("docker.pid").path,
                "--host", "unix://\(socket.path)",
                "--bridge=none", "--iptables=false", "--ip-masq=false", "--storage-driver=vfs",
            ]),
            environment: environment,
            log: directory.appendingPathComponent("dockerd.log")
        )
        do {
            _ = try await process.waitForLog(#/API listen on (\S+)/#, timeout: .seconds(60))
        } catch {
            await stop()
            throw error
        }
    }

    /// Stops the daemon (and the containerd it started, in its process group).
    public func stop() async {
        await process.stop(grace: .seconds(15))
    }
}

extension Sandbox {
    /// Starts `dockerd` inside `namespace`, whose mounts must put `REGCTL_SYSROOT/etc/docker`
    /// on `/etc/docker` (see ``dockerdBinds``); stopped at teardown.
    public func startDockerDaemon(in namespace: NetworkNamespace) async throws -> DockerDaemon {
        let daemon = try await DockerDaemon(
            in: namespace,
            directory: root.appendingPathComponent("dockerd-\(UUID().uuidString.prefix(6))"),
            environment: environment
        )
        onShutdown { await daemon.stop() }
        return daemon
    }

    /// The bind mount a namespace for ``startDockerDaemon(in:)`` needs: the sandbox's
    /// `REGCTL_SYSROOT/etc/docker` (made here) on `/etc/docker`.
    public func dockerdBinds() throws -> [(source: URL, target: String)] {
        let etcDocker = sysroot.appendingPathComponent("etc/docker")
        try FileManager.default.createDirectory(at: etcDocker, withIntermediateDirectories: true)
        return [(etcDocker, "/etc/docker")]
    }

    /// Runs the docker CLI against `daemon` (outside its namespace: the socket is a file).
    public func docker(_ arguments: [String], daemon: DockerDaemon, stdin: String = "") async throws -> CommandResult {
        try await run(["docker", "--host", "unix://\(daemon.socket.path)"] + arguments, stdin: stdin)
    }
}
