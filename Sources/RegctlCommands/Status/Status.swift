import ArgumentParser
import RegctlCore

/// `regctl status [HOST...]`
struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Will a pull work? Trust, credential and wiring of each registry, with the fix for each problem.",
        discussion: """
            Checks every registry regctl manages, or each HOST given: a TLS handshake per \
            client with exactly that client's CAs, the credential the clients would send \
            (accepted by the registry? when does the token expire?), and whether the auth \
            files lead podman, skopeo and docker to it. Exit 0 when everything works (a token \
            expiring within 8 hours is a warning), 1 when something would make a pull fail.
            """
    )

    @Argument(help: "Registry hosts to check (default: every registry regctl manages).", completion: .registryHosts)
    var hosts: [String] = []

    @Flag(help: "Read local files only; mark what needs the network as unchecked.")
    var offline = false

    @OptionGroup var options: ReportingOptions

    func run() async throws {
        options.apply()
        let environment = RegctlEnvironment.current
        let hosts = try hosts.map { try RegistryHost($0) }
        let report = try await StatusCheck(environment: environment, keyring: SecretServiceStore(environment: environment))
            .run(hosts, offline: offline)
        try options.report(report) { StatusTable.text(report, style: .forStandardOutput()) }
        if report.health == .failing { throw ExitCode(ExitStatus.failed.rawValue) }
    }
}
