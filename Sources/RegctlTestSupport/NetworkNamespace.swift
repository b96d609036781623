import Foundation

/// A private network and mount namespace the test made itself (`unshare --net --mount`),
/// held open by one `sleep` and entered with `nsenter`.
///
/// Its `lo` is up and carries `address` (a documentation address, 192.0.2.0/24), so a
/// server there is reached under a name that is not loopback: the docker daemon treats
/// 127.0.0.0/8 as an insecure registry and would skip verification. In its mount namespace
/// each `binds` source is bind-mounted on its target; the rest of the machine sees neither.
public final class NetworkNamespace: Sendable {
    /// The address on the namespace's `lo`.
    public let address: String
    /// The `sleep` that holds the namespaces open; stopped last.
    public let holder: BackgroundProcess

    init(address: String, binds: [(source: URL, target: String)], directory: URL, environment: [String: String]) async throws {
        self.address = address
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let mounts = binds.map { #"mount --bind "\#($0.source.path)" "\#($0.target)" && "# }.joined()
        let script = "ip addr add \(address)/32 dev lo && ip link set lo up && \(mounts)echo namespace ready && exec sleep infinity"
        holder = try await BackgroundProcess(
            name: "namespace holder",
            ["unshare", "--net", "--mount", "--propagation", "private", "--", "sh", "-c", script],
            environment: environment,
            log: directory.appendingPathComponent("holder.log")
        )
        do {
            _ = try await holder.waitForLog(#/namespace (ready)/#)
        } catch {
            await holder.stop()
            throw HarnessError("cannot make a private network and mount namespace (needs root, unshare, ip, mount): \(error)")
        }
    }

    /// `arguments` run inside the namespace (network and mounts).
    public func enter(_ arguments: [String]) -> [String] {
        ["nsenter", "--target", "\(holder.pid)", "--net", "--mount", "--"] + arguments
    }

    public func stop() async {
        await holder.stop()
    }
}

extension Sandbox {
    /// Makes a private network and mount namespace with `address` on its `lo` and `binds`
    /// mounted; it is stopped at teardown, after everything started later.
    public func startNetworkNamespace(address: String = "192.0.2.10", binds: [(source: URL, target: String)] = []) async throws -> NetworkNamespace {
        let namespace = try await NetworkNamespace(
            address: address, binds: binds,
            directory: root.appendingPathComponent("netns-\(UUID().uuidString.prefix(6))"),
            environment: environment
        )
        onShutdown { await namespace.stop() }
        return namespace
    }

    /// Starts a real TLS registry inside `namespace`, on its address, its certificate naming
    /// that address (an IP SAN) and issued by the run's CA.
    public func startRegistry(_ authentication: RegistryServer.Authentication, in namespace: NetworkNamespace) async throws -> RegistryServer {
        let registry = try await RegistryServer(
            authentication: authentication,
            authority: authority,
            serverNames: [namespace.address],
            address: namespace.address,
            launcher: namespace.enter([]),
            directory: root.appendingPathComponent("registry-\(UUID().uuidString.prefix(6))"),
            environment: environment
        )
        onShutdown { await registry.stop() }
        if case .htpasswd(let users) = authentication { audit?.add(Array(users.values)) }
        return registry
    }

    /// Runs `arguments` inside `namespace` with the sandbox environment, traced for the
    /// secret audit; the result is labelled with `arguments` alone.
    public func run(_ arguments: [String], in namespace: NetworkNamespace, stdin: String = "") async throws -> CommandResult {
        let namespaced = namespace.enter(arguments)
        let result = try await ProgramRunner.run(
            audit?.traced(namespaced) ?? namespaced, environment: environment, stdin: stdin, name: ProgramRunner.commandLine(arguments)
        ).labelled(arguments)
        audit?.record(result)
        return result
    }

    /// Runs the freshly built `regctl` inside `namespace`.
    public func regctl(_ arguments: [String], in namespace: NetworkNamespace, stdin: String = "") async throws -> CommandResult {
        try await run([Self.productsDirectory.appendingPathComponent("regctl").path] + arguments, in: namespace, stdin: stdin)
    }
}
