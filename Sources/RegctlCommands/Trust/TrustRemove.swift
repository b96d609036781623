import ArgumentParser
import RegctlCore

/// `regctl trust remove HOST`
struct TrustRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a registry's ca.crt (and its directory when that is then empty), and the CA --os-store added."
    )

    @OptionGroup var target: TrustTarget

    @OptionGroup var options: ReportingOptions

    func run() async throws {
        options.apply()
        let registry = try target.registry()
        let environment = RegctlEnvironment.current
        let removed = try await TrustInventory(directories: CertsDirectories(environment: environment))
            .removeEverywhere(registry, scope: target.scope, privileged: SudoRunner(environment: environment))
        try options.report(Removal(host: registry, removed: removed)) {
            removed.isEmpty ? "no CA installed for \(registry) in scope \(target.scope.rawValue); nothing removed"
                : removed.map { "removed \($0)" }.joined(separator: "\n")
        }
    }
}

private struct Removal: Encodable {
    let host: RegistryHost
    let removed: [String]
}
