import ArgumentParser

/// `regctl trust`: the registry CA in the clients' certs.d directories.
struct TrustCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trust",
        abstract: "Install, inspect, verify and remove a registry's CA in certs.d.",
        subcommands: [TrustInstall.self, TrustList.self, TrustShow.self, TrustVerify.self, TrustRemove.self, TrustBundleCommand.self]
    )
}
