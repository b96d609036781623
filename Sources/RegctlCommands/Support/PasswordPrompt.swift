import Glibc
import RegctlCore

/// Asks for a password at the terminal without echoing it. Echo comes back however the
/// prompt ends: an answer, end of input, or Ctrl-C (and any other signal that ends regctl).
enum PasswordPrompt {
    /// The line typed after `prompt` (shown on stderr), or nil at end of input.
    static func read(_ prompt: String) -> String? {
        Console.standardError.write(prompt)
        let isTerminal = tcgetattr(STDIN_FILENO, &terminalBeforePrompt) == 0
        var handlers: [(Int32, sighandler_t?)] = []
        if isTerminal {
            handlers = endingSignals.map { ($0, signal($0, restoreTerminalAndEnd)) }
            var silent = terminalBeforePrompt
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        }
        defer {
            if isTerminal {
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &terminalBeforePrompt)
                for (number, handler) in handlers { signal(number, handler) }
            }
            Console.standardError.write("\n")
        }
        return readLine(strippingNewline: true)
    }

    static let endingSignals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
}

/// The terminal as it was before the prompt turned echo off; read by the signal handler.
nonisolated(unsafe) private var terminalBeforePrompt = termios()

/// Puts the terminal back, then ends the process by the same signal.
private func restoreTerminalAndEnd(_ number: Int32) {
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &terminalBeforePrompt)
    write(STDERR_FILENO, "\n", 1)
    signal(number, SIG_DFL)
    raise(number)
}
