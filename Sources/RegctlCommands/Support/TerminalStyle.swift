import FoundationEssentials
import Glibc
import RegctlCore

/// Colour for a terminal: on only when the stream is a TTY, `NO_COLOR` is unset or empty,
/// and `TERM` is not `dumb`.
struct TerminalStyle: Sendable {
    let colored: Bool

    static func forStandardError(environment: [String: String] = ProcessInfo.processInfo.environment) -> TerminalStyle {
        TerminalStyle(colored: wantsColor(isTTY: isatty(STDERR_FILENO) == 1, environment: environment))
    }

    static func wantsColor(isTTY: Bool, environment: [String: String]) -> Bool {
        isTTY && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
    }

    static func forStandardOutput(environment: [String: String] = ProcessInfo.processInfo.environment) -> TerminalStyle {
        TerminalStyle(colored: wantsColor(isTTY: isatty(STDOUT_FILENO) == 1, environment: environment))
    }

    func error(_ text: String) -> String { paint(text, "1;31") }
    func warning(_ text: String) -> String { paint(text, "1;33") }

    /// Green, yellow or red for ok, warning and failing.
    func health(_ text: String, _ health: Health) -> String {
        switch health {
        case .ok: paint(text, "32")
        case .warning: paint(text, "33")
        case .failing: paint(text, "31")
        }
    }

    private func paint(_ text: String, _ code: String) -> String {
        colored ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
