import ArgumentParser
import FoundationEssentials
import RegctlCore

/// Turns any error a command throws into text on the right stream and an exit code.
///
/// ``RegctlError``s print their message and fix; argument-parser outcomes (help,
/// version, usage errors) print as the parser formats them, with usage errors mapped to
/// exit code 2 as the contract says. Every line is redacted before it is printed.
struct ErrorPresenter {
    let command: any ParsableCommand.Type
    var style = TerminalStyle.forStandardError()

    /// Prints `error` and returns the process exit code.
    func present(_ error: any Error) -> Int32 {
        if let error = error as? any RegctlError {
            Console.standardError.write(text(of: error))
            return error.status.rawValue
        }
        let code = command.exitCode(for: error)
        let message = command.fullMessage(for: error)
        if code == .success {
            if !message.isEmpty { Console.standardOutput.write(message + "\n") }
            return ExitStatus.success.rawValue
        }
        if !message.isEmpty { Console.standardError.write(message + "\n") }
        return code == .validationFailure ? ExitStatus.usage.rawValue : code.rawValue
    }

    /// The lines `error` is shown as. Its message may quote a server, a certificate or a
    /// file: shown, never obeyed, and kept on one line, so that quoted text cannot add a
    /// line of its own (a fake `Run:`). The fix is regctl's own and keeps its lines.
    func text(of error: any RegctlError) -> String {
        var text = style.error("Error:") + " " + UntrustedText.escaped(error.message) + "\n"
        if let fix = error.fix { text += UntrustedText.escaped(fix.instruction, keepingLines: true) + "\n" }
        return text
    }
}
