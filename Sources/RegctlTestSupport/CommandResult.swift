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
    /// The most memory the program held resident at once (its own, not its children's), in KiB.
    public var peakMemoryKiB: Int = 0

    public var succeeded: Bool { status == 0 }

    public var description: String {
        "`\(arguments.joined(separator: " "))` exited \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)"
    }
}

/// A program that did not end the way the test needed.
public struct HarnessError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
