import ArgumentParser
import Dispatch
import FoundationEssentials
import Glibc
import RegctlCore

/// Runs the `regctl` command line and exits with the ``ExitStatus`` of its outcome.
///
/// Parsing, `--help`, `--version` and shell completions run on the main thread without
/// starting Swift concurrency: its thread pool costs several milliseconds at start, which
/// a completion answered on every TAB should not pay. Only a parsed command starts it.
public enum RegctlMain {
    public static func run(arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
        if arguments == ["--version"] {
            // Answered before the parser is built: scripts ask this to probe for regctl.
            StandardStreams.write(RegctlVersion.current + "\n", to: 1)
            exit(ExitStatus.success.rawValue)
        }
        if let handOver = EngineHandoverRequest(commandLine: arguments) {
            // push and pull, the hot path: no parser to build.
            start { try await handOver.run() }
        }
        let command: any ParsableCommand
        do {
            command = try Regctl.parseAsRoot(arguments)
        } catch {
            exit(present(error))
        }
        let parsed = ParsedCommand(command: command)
        start {
            var command = parsed.command
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        }
    }

    /// Runs `body` in Swift concurrency and exits with its outcome.
    private static func start(_ body: @escaping @Sendable () async throws -> Void) -> Never {
        Task {
            do {
                try await body()
                exit(ExitStatus.success.rawValue)
            } catch {
                exit(present(error))
            }
        }
        dispatchMain()
    }

    private static func present(_ error: any Error) -> Int32 {
        ErrorPresenter(command: Regctl.self).present(error)
    }
}

/// A parsed command handed from the main thread to the task that runs it, once.
private struct ParsedCommand: @unchecked Sendable {
    let command: any ParsableCommand
}
