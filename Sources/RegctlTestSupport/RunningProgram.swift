import Foundation

/// A program a test started without waiting for it, to kill it at a moment of its choosing
/// or to run many at once.
///
/// It runs in a process group of its own (see ``ChildProcess``), so ``kill(_:)`` reaches the
/// children it started too. Its standard streams go to files in a scratch directory, removed
/// by ``wait()``.
public final class RunningProgram: Sendable {
    public let arguments: [String]
    /// When `posix_spawn` returned.
    public let started: ContinuousClock.Instant
    private let child: ChildProcess
    private let scratch: URL

    init(_ arguments: [String], environment: [String: String], stdin: String) throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("regctl-start-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let input = scratch.appendingPathComponent("stdin")
        try Data(stdin.utf8).write(to: input)
        self.arguments = arguments
        started = ContinuousClock.now
        child = try ChildProcess(
            arguments: arguments, environment: environment, stdin: input,
            stdout: scratch.appendingPathComponent("stdout"), stderr: scratch.appendingPathComponent("stderr")
        )
    }

    public var pid: Int32 { child.pid }

    /// Whether the program has not ended yet (an ended one is reaped by this check).
    public var isRunning: Bool { child.isRunning }

    /// Sends `signal` (SIGKILL unless told) to the program's whole process group, if the
    /// program is still running; returns whether it was. Whether the signal ended it shows
    /// in ``wait()``: status 128 + `signal`.
    @discardableResult
    public func kill(_ signal: Int32 = SIGKILL) -> Bool {
        guard child.isRunning else { return false }
        child.signal(signal)
        return true
    }

    /// Waits for the end and returns what the program left: status (128 + N when signal N
    /// ended it), output, and the time from its start until its end was seen.
    public func wait() async -> CommandResult {
        let status = await child.wait()
        let elapsed = ContinuousClock.now - started
        defer { try? FileManager.default.removeItem(at: scratch) }
        return CommandResult(
            arguments: arguments,
            status: status,
            stdout: (try? String(contentsOf: scratch.appendingPathComponent("stdout"), encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: scratch.appendingPathComponent("stderr"), encoding: .utf8)) ?? "",
            elapsed: elapsed
        )
    }
}

extension Sandbox {
    /// Starts any program with the sandbox environment and returns at once.
    public func start(_ arguments: [String], stdin: String = "") throws -> RunningProgram {
        try RunningProgram(arguments, environment: environment, stdin: stdin)
    }

    /// Starts the freshly built `regctl` and returns at once.
    public func startRegctl(_ arguments: [String], stdin: String = "") throws -> RunningProgram {
        try start([Self.productsDirectory.appendingPathComponent("regctl").path] + arguments, stdin: stdin)
    }
}
