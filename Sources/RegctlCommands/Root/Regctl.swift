import ArgumentParser
import RegctlCore

/// `regctl`: the root command.
struct Regctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regctl",
        abstract: "Working, verified access to a private container registry in one step.",
        discussion: """
            regctl installs a registry's CA where podman, skopeo and docker look for it, logs \
            in with your OpenShift token, keeps the secret in the desktop keyring and wires \
            the clients to it. TLS verification is never turned off.
            """,
        version: RegctlVersion.current,
        subcommands: [Setup.self, Status.self, TrustCommand.self, Login.self, Logout.self, Push.self, Pull.self, CanI.self, PullSecretCommand.self]
    )
}
