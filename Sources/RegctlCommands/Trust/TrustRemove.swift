import ArgumentParser
import RegctlCore

/// `regctl trust remove HOST`
struct TrustRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a registry's ca.crt, and its directory when that is then empty."
    )

    @Argument(help: "The registry host: name[:port].")
    var host: String

    @Option(help: "Where to remove it from: user, system or all.")
    var scope: TrustScope = .all

    @OptionGroup var options: ReportingOptions

    func run() async throws {
        options.apply()
        let registry = try RegistryHost(host)
        let removed = try TrustInventory(directories: CertsDirectories(environment: .current)).remove(registry, scope: scope)
        try options.report(Removal(host: registry, removed: removed)) {
            removed.isEmpty ? "no CA installed for \(registry) in scope \(scope.rawValue); nothing removed"
                : removed.map { "removed \($0)" }.joined(separator: "\n")
        }
    }
}

private struct Removal: Encodable {
    let host: RegistryHost
    let removed: [String]
}
