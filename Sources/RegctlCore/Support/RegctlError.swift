/// An error regctl shows to its user: what was wrong, what to do, and the exit code.
///
/// Each concern (trust, credentials, auth files, …) has one error type conforming to this
/// protocol; the command layer prints `message` and `fix` and exits with `status`.
public protocol RegctlError: Error, CustomStringConvertible, Sendable {
    /// One line saying what went wrong. Never contains a secret.
    var message: String { get }
    /// What to do about it, when there is something to do.
    var fix: Fix? { get }
    /// The exit code this error maps to.
    var status: ExitStatus { get }
}

extension RegctlError {
    public var fix: Fix? { nil }
    public var description: String { fix.map { "\(message)\n\($0.text)" } ?? message }
}
