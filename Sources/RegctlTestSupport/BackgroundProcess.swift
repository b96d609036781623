import Foundation

/// A service the harness started (registry, D-Bus, keyring), stopped by its PID.
///
/// Its standard output and error go to `log`, which tests read to learn a port or to show
/// why a service failed.
public final class BackgroundProcess: Sendable {
    public let name: String
    public let log: URL
    private let child: ChildProcess

    /// Starts `arguments` in the background; `stdin`, if given, is what it reads on standard input.
    public init(
        name: String,
        _ arguments: [String],
        environment: [String: String],
        log: URL,
        stdin: String? = nil
    ) async throws {
        self.name = name
        self.log = log
        let input = log.appendingPathExtension("stdin")
        try Data((stdin ?? "").utf8).write(to: input)
        try Data().write(to: log)
        child = try ChildProcess(arguments: arguments, environment: environment, stdin: input, stdout: log, stderr: log)
        await child.waitUntilObservable()
    }

    public var pid: Int32 { child.pid }
    public var isRunning: Bool { child.isRunning }
    public var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// Polls the log until `pattern` matches, and returns its first capture.
    public func waitForLog(_ pattern: Regex<(Substring, Substring)>, timeout: Duration = .seconds(20)) async throws -> String {
        try await poll(timeout: timeout, what: "\(name) to be ready") {
            output.firstMatch(of: pattern).map { String($0.output.1) }
        }
    }

    /// Polls `condition` until it returns a value, failing with the log after `timeout`.
    public func poll<T>(timeout: Duration, what: String, _ condition: () async throws -> T?) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let value = try await condition() { return value }
            guard isRunning else { throw HarnessError("\(name) exited while waiting for \(what):\n\(output)") }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw HarnessError("timed out waiting for \(what):\n\(output)")
    }

    /// Sends SIGTERM, then SIGKILL after `grace`, and waits until the process is gone.
    public func stop(grace: Duration = .seconds(5)) async {
        child.signal(SIGTERM)
        let deadline = ContinuousClock.now + grace
        while child.isRunning && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        child.signal(SIGKILL)
        _ = await child.ended()
    }
}
