import ArgumentParser
import RegctlCore

/// `regctl logout HOST | --all`
struct Logout: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: "Remove every credential podman, skopeo and docker would send for a registry.",
        discussion: """
            Takes away the keyring item, regctl's entries and the plain entries that `podman login` or \
            `docker login` wrote in the auth files (REGISTRY_AUTH_FILE, $XDG_RUNTIME_DIR/containers/auth.json, \
            ~/.config/containers/auth.json, ~/.docker/config.json), and regctl's record of the login, \
            and says what it removed. An entry that sends clients to another credential helper for \
            the registry goes too; docker's credsStore, which serves every registry, is named, not changed.
            """
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
        let removal = CredentialRemoval(environment: environment, keyring: SecretServiceStore(environment: environment))
        let reports = if let host { [try await removal.remove(try RegistryHost(host))] } else { try await removal.removeAll() }
        try options.report(Logouts(loggedOut: reports.filter(\.hadCredential))) {
            Self.text(reports, host: host)
        }
    }

    static func text(_ reports: [CredentialRemoval.Report], host: String?) -> String {
        var lines: [String] = []
        for report in reports {
            if report.hadCredential { lines.append("Logged out of \(report.host).") }
            for removal in report.removed {
                lines.append(removal.place == "keyring"
                    ? "  removed its item from the keyring"
                    : "  removed \(removal.entries.joined(separator: ", ")) from \(removal.place)")
            }
            for other in report.remaining {
                lines.append("docker-credential-\(other.helper) (\(other.entry) in \(other.file)) may still hold a credential for \(report.host), "
                    + "which regctl does not remove. Run: docker logout \(report.host)")
            }
        }
        if !reports.contains(where: \.hadCredential) {
            lines.insert(host.map { "Not logged in to \($0); nothing to do." } ?? "Not logged in anywhere; nothing to do.", at: 0)
        }
        return lines.joined(separator: "\n")
    }
}

private struct Logouts: Encodable {
    let loggedOut: [CredentialRemoval.Report]
}
