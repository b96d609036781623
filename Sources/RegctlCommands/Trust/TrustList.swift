import ArgumentParser
import RegctlCore

/// `regctl trust list`
struct TrustList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the registries with a CA in certs.d.")

    @Option(help: "Which certs.d roots to read: user, system or all.")
    var scope: TrustScope = .all

    @OptionGroup var options: ReportingOptions

    func run() async throws {
        options.apply()
        let entries = TrustInventory(directories: CertsDirectories(environment: .current)).list(scope: scope)
        try options.report(entries) {
            entries.map { entry in
                let locations = entry.placements.map(\.location.rawValue).joined(separator: ",")
                let first = entry.placements.lazy.compactMap(\.certificates.first).first
                let expiry = first.map { "expires \($0.notAfter.formatted(.iso8601.year().month().day()))" } ?? "unreadable"
                return "\(entry.host)\t\(locations)\t\(first?.subject ?? "-")\t\(expiry)\t\(first?.fingerprint ?? "-")"
            }.joined(separator: "\n")
        }
    }
}
