import ArgumentParser
import Foundation
import RegctlCore

/// Runs the `regctl` command line and exits with the code DESIGN.md gives each outcome.
public enum RegctlMain {
    public static func run(arguments: [String] = Array(CommandLine.arguments.dropFirst())) async -> Never {
        do {
            var command = try Regctl.parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            exit(ExitStatus.success.rawValue)
        } catch {
            exit(ErrorPresenter(command: Regctl.self).present(error))
        }
    }
}
