import Foundation

/// A TCP relay on 127.0.0.1 in front of a server of the sandbox that holds every new
/// connection for `hold` before it connects it through: a registry that answers slowly.
/// It records each hold as it ends, so a test can see which connections were held at the
/// same time — which checks ran at once — without timing anything itself.
public final class SlowRelay: Sendable {
    public let port: Int
    private let process: BackgroundProcess
    private let holds: URL

    static let script = """
        import asyncio, sys, time
        upstream, hold, log = int(sys.argv[1]), float(sys.argv[2]), open(sys.argv[3], "a", buffering=1)

        async def pipe(reader, writer):
            try:
                while data := await reader.read(65536):
                    writer.write(data)
                    await writer.drain()
            except Exception:
                pass
            finally:
                writer.close()

        async def relay(client_reader, client_writer):
            start = time.monotonic()
            await asyncio.sleep(hold)
            log.write(f"{start} {time.monotonic()}\\n")
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", upstream)
            await asyncio.gather(pipe(client_reader, server_writer), pipe(server_reader, client_writer))

        async def main():
            server = await asyncio.start_server(relay, "127.0.0.1", 0)
            print("listening on", server.sockets[0].getsockname()[1], flush=True)
            await server.serve_forever()

        asyncio.run(main())
        """

    init(upstreamPort: Int, hold: Duration, directory: URL, environment: [String: String]) async throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = directory.appendingPathComponent("relay.py")
        try Self.script.write(to: script, atomically: true, encoding: .utf8)
        holds = directory.appendingPathComponent("holds")
        try Data().write(to: holds)
        let seconds = Double(hold.components.seconds) + Double(hold.components.attoseconds) / 1e18
        process = try await BackgroundProcess(
            name: "slow relay", ["/usr/bin/python3", script.path, String(upstreamPort), String(seconds), holds.path],
            environment: environment, log: directory.appendingPathComponent("relay.log")
        )
        do {
            port = Int(try await process.waitForLog(#/listening on (\d+)/#))!
        } catch {
            await process.stop()
            throw error
        }
    }

    /// The holds so far, each from the connection's arrival to its end (monotonic seconds).
    public func heldConnections() throws -> [ClosedRange<Double>] {
        try String(contentsOf: holds, encoding: .utf8).split(separator: "\n").compactMap { line in
            let times = line.split(separator: " ").compactMap { Double($0) }
            return times.count == 2 ? times[0]...times[1] : nil
        }
    }

    public func stop() async { await process.stop() }
}

extension Sandbox {
    /// Starts a ``SlowRelay`` to `port` on 127.0.0.1; stopped at teardown.
    public func startSlowRelay(to port: Int, hold: Duration) async throws -> SlowRelay {
        let relay = try await SlowRelay(
            upstreamPort: port, hold: hold, directory: root.appendingPathComponent("relay-\(UUID().uuidString.prefix(6))"), environment: environment
        )
        onShutdown { await relay.stop() }
        return relay
    }
}
