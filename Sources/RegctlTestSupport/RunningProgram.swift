import Foundation

/// A program a test started without waiting for it, to kill it at a moment of its choosing
/// or to run many at once.
///
/// It runs in a process group of its own (see ``ChildProcess``), so ``kill(_:)`` reaches the
/// children it started too. Its standard streams go to files in a scratch directory, removed
/// by ``wait()``.
public final class RunningProgram: Sendable {
    /// The program as the test started it (without the tracer around it).
    public let arguments: [String]
    /// When `posix_spawn` returned.
    public let started: ContinuousClock.Instant
    private let child: ChildProcess
    private let scratch: URL
    private let limit: Duration
    private let ended: @Sendable (CommandResult) -> Void

    /// Starts `spawned` (`arguments`, perhaps wrapped in a tracer); `ended` sees the result.
    init(
        _ arguments: [String],
        spawning spawned: [String]? = nil,
        environment: [String: String],
        stdin: String,
        limit: Duration = ProgramRunner.limit,
        ended: @escaping @Sendable (CommandResult) -> Void = { _ in }
    ) throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("regctl-start-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let input = scratch.appendingPathComponent("stdin")
        try Data(stdin.utf8).write(to: input)
        self.arguments = arguments
        self.limit = limit
        self.ended = ended
        started = ContinuousClock.now
        child = try ChildProcess(
            arguments: spawned ?? arguments, environment: environment, stdin: input,
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
    /// ended it), output, and the time from its start until its end was seen. Throws, naming
    /// the program, if it runs longer than ``ProgramRunner/limit`` from its start (it is then
    /// killed with its group).
    public func wait() async throws -> CommandResult {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let status = try await child.wait(ProgramRunner.commandLine(arguments), limit: limit, since: started)
        let elapsed = ContinuousClock.now - started
        let result = CommandResult(
            arguments: arguments,
            status: status,
            stdout: (try? String(contentsOf: scratch.appendingPathComponent("stdout"), encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: scratch.appendingPathComponent("stderr"), encoding: .utf8)) ?? "",
            elapsed: elapsed
        )
        ended(result)
        return result
    }
}

extension Sandbox {
    /// Starts any program with the sandbox environment and returns at once; traced, and its
    /// output recorded at ``RunningProgram/wait()``, for the secret audit.
    public func start(_ arguments: [String], stdin: String = "") throws -> RunningProgram {
        guard let audit else { return try RunningProgram(arguments, environment: environment, stdin: stdin) }
        return try RunningProgram(arguments, spawning: audit.traced(arguments), environment: environment, stdin: stdin) { audit.record($0) }
    }

    /// Starts the freshly built `regctl` and returns at once.
    public func startRegctl(_ arguments: [String], stdin: String = "") throws -> RunningProgram {
        try start([Self.productsDirectory.appendingPathComponent("regctl").path] + arguments, stdin: stdin)
    }
}
