/// An error regctl shows to its user: what was wrong, what to do, and the exit code.
///
/// Each concern (trust, credentials, auth files, …) has one error type conforming to this
/// protocol; the command layer prints `message` and `advice` and exits with `status`.
public protocol RegctlError: Error, CustomStringConvertible, Sendable {
    /// One line saying what went wrong. Never contains a secret.
    var message: String { get }
    /// One line saying what to do about it, when there is something to do.
    var advice: String? { get }
    /// The exit code this error maps to.
    var status: ExitStatus { get }
}

extension RegctlError {
    public var advice: String? { nil }
    public var description: String { advice.map { "\(message)\n\($0)" } ?? message }
}
