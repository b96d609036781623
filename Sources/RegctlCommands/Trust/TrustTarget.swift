import ArgumentParser
import RegctlCore

/// HOST and `--scope`, for the trust commands that work on one registry's certs.d entries.
struct TrustTarget: ParsableArguments {
    @Argument(help: "The registry host as in image references: name[:port].", completion: .registryHosts)
    var host: String

    @Option(help: "Which certs.d roots: user, system or all.")
    var scope: TrustScope = .all

    /// The validated host; a bad one is a usage error (exit 2).
    func registry() throws -> RegistryHost { try RegistryHost(host) }
}
