import ArgumentParser
import RegctlCore

/// `--json` and `-v`, shared by every command that reports something.
struct ReportingOptions: ParsableArguments {
    @Flag(help: "Print one JSON document on stdout instead of text.")
    var json = false

    @Flag(name: .shortAndLong, help: "Log each step to stderr (secrets are always redacted).")
    var verbose = false

    /// Turns on step logging when asked; call first thing in `run()`.
    func apply() {
        StepLog.enable(verbose: verbose)
    }

    /// Prints `value` as JSON, or `text()` when `--json` was not given.
    func report(_ value: some Encodable, text: () -> String) throws {
        if json {
            try Console.standardOutput.writeJSON(value)
        } else {
            let output = text()
            if !output.isEmpty { Console.standardOutput.write(output + "\n") }
        }
    }

    /// Prints warnings on stderr, whatever the output format.
    func warn(_ warnings: [String]) {
        let style = TerminalStyle.forStandardError()
        for warning in warnings {
            Console.standardError.write(style.warning("warning:") + " " + UntrustedText.escaped(warning, keepingLines: true) + "\n")
        }
    }
}

extension TrustScope: ExpressibleByArgument {}
