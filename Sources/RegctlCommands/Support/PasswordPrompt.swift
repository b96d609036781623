import Glibc
import RegctlCore

/// Asks for a password at the terminal without echoing it.
enum PasswordPrompt {
    /// The line typed after `prompt` (shown on stderr), or nil at end of input.
    static func read(_ prompt: String) -> String? {
        Console.standardError.write(prompt)
        var saved = termios()
        let isTerminal = tcgetattr(STDIN_FILENO, &saved) == 0
        if isTerminal {
            var silent = saved
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        }
        defer {
            if isTerminal { tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved) }
            Console.standardError.write("\n")
        }
        return readLine(strippingNewline: true)
    }
}
