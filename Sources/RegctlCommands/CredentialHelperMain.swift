import FoundationEssentials
import Glibc
import RegctlCore

/// Runs `docker-credential-regctl ACTION`, the docker credential-helper protocol, against
/// the desktop keyring.
public enum CredentialHelperMain {
    public static func run(arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
        if arguments == ["version"] {
            StandardStreams.write(CredentialHelperProtocol.versionAnswer, to: 1)
            exit(0)
        }
        let needsInput = ["store", "get", "erase"].contains(arguments.first ?? "")
        let (output, status): (String, Int32)
        do throws(StandardInputError) {
            let input = needsInput ? try StandardStreams.readStandardInput() : Data()
            let environment = RegctlEnvironment.current
            let helper = CredentialHelperProtocol(store: SecretServiceStore(environment: environment), source: LoginSource(environment: environment))
            (output, status) = helper.run(arguments: arguments, input: input)
        } catch {
            (output, status) = CredentialHelperProtocol.refusal(error)
        }
        // The protocol's answer carries the secret on purpose: written as it is, never redacted.
        StandardStreams.write(output, to: 1)
        exit(status)
    }
}
