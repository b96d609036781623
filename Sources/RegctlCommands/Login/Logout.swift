import ArgumentParser
import RegctlCore

/// `regctl logout HOST | --all`
struct Logout: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: "Forget a registry's credential: keyring item, auth-file entries and regctl's record."
    )

    @Argument(help: "The registry host: name[:port].", completion: .registryHosts)
    var host: String?

    @Flag(help: "Log out of every registry regctl manages.")
    var all = false

    @OptionGroup var options: ReportingOptions

    func validate() throws {
        guard (host != nil) != all else { throw ValidationError("Give a HOST or --all.") }
    }

    func run() async throws {
        options.apply()
        let environment = RegctlEnvironment.current
        let login = RegistryLogin(environment: environment, keyring: SecretServiceStore(environment: environment))
        let forgotten: [RegistryHost]
        if let host {
            let registry = try RegistryHost(host)
            forgotten = try login.logout(registry) ? [registry] : []
        } else {
            forgotten = try login.logoutAll()
        }
        try options.report(Logouts(loggedOut: forgotten)) {
            if forgotten.isEmpty { return host.map { "Not logged in to \($0); nothing to do." } ?? "Not logged in anywhere; nothing to do." }
            return forgotten.map { "Logged out of \($0)." }.joined(separator: "\n")
        }
    }
}

private struct Logouts: Encodable {
    let loggedOut: [RegistryHost]
}
