import ArgumentParser
import RegctlCore

/// `regctl push IMAGE`
struct Push: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Push an image with podman or docker, after checking trust and login.",
        discussion: """
            For a registry regctl manages it first checks that the engine trusts the CA and \
            finds the credential, and renews a rejected token from the kubeconfig once; then \
            it hands over to the engine, whose output and exit code are the command's own.
            """
    )

    @OptionGroup var arguments: EngineHandoverArguments

    func run() async throws { try await arguments.handOver(.push) }
}
