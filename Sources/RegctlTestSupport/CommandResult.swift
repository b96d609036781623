import Foundation

/// What a finished program left behind.
public struct CommandResult: Sendable, CustomStringConvertible {
    public let arguments: [String]
    public let status: Int32
    public let stdout: String
    public let stderr: String
    /// From just before the program started until its end was seen: what the benchmarks
    /// time, without the harness's own file handling around it.
    public let elapsed: Duration

    public var succeeded: Bool { status == 0 }

    /// The same result, shown as the run of `arguments` (the program a wrapper ran).
    func labelled(_ arguments: [String]) -> CommandResult {
        CommandResult(arguments: arguments, status: status, stdout: stdout, stderr: stderr, elapsed: elapsed)
    }

    public var description: String {
        "`\(arguments.joined(separator: " "))` exited \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)"
    }
}

/// A program that did not end the way the test needed.
public struct HarnessError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
