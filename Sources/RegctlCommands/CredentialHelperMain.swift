import Foundation
import RegctlCore

/// Runs `docker-credential-regctl ACTION`, the docker credential-helper protocol.
///
/// Only `version` exists so far; `get`, `store`, `erase` and `list` come with the keyring
/// store, and until then the usage line names only what works.
public enum CredentialHelperMain {
    public static func run(arguments: [String] = Array(CommandLine.arguments.dropFirst())) async -> Never {
        switch arguments.first {
        case "version":
            Console.standardOutput.write("docker-credential-regctl (regctl) \(RegctlVersion.current)\n")
            exit(0)
        default:
            Console.standardOutput.write("Usage: docker-credential-regctl <version>\n")
            exit(1)
        }
    }
}
