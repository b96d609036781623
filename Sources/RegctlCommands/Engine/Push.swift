import ArgumentParser
import RegctlCore

/// `regctl push IMAGE`
struct Push: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Push an image with podman or docker, after checking trust and login.",
        discussion: """
            For a registry regctl manages, a pre-flight first checks local facts: the engine \
            finds a credential, its certs.d directory holds an unexpired CA, and the token is \
            the one regctl recorded, with an expiry that has not passed. When one is missing \
            or stale, regctl asks the registry with exactly the engine's CAs and credential; a \
            newer token from the kubeconfig is stored once the registry accepts it, and an \
            untrusted certificate or a rejected token stops with the command that fixes it. \
            Then regctl hands over to the engine, whose output and exit code are the \
            command's own.
            """
    )

    @OptionGroup var arguments: EngineHandoverArguments

    func run() async throws { try await arguments.request(.push).run() }
}
