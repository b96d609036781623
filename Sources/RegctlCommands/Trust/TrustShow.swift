import ArgumentParser
import RegctlCore

/// `regctl trust show HOST`
struct TrustShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show the CA installed for a registry.")

    @OptionGroup var target: TrustTarget

    @OptionGroup var options: ReportingOptions

    func run() async throws {
        options.apply()
        let registry = try target.registry()
        let entry = TrustInventory(directories: CertsDirectories(environment: .current)).entry(for: registry, scope: target.scope)
        guard !entry.placements.isEmpty else { throw TrustError.notTrusted(host: registry) }
        try options.report(entry) {
            entry.placements.map { placement in
                var lines = ["\(placement.location.rawValue): \(placement.path)"]
                if placement.certificates.isEmpty { lines.append("  (does not parse as a PEM certificate bundle)") }
                for certificate in placement.certificates {
                    lines += [
                        "  subject:  \(certificate.subject)",
                        "  issuer:   \(certificate.issuer)",
                        "  valid:    \(certificate.notBefore.formatted(.iso8601)) to \(certificate.notAfter.formatted(.iso8601))",
                        "  SHA-256:  \(certificate.fingerprint)",
                    ]
                    if let names = certificate.vouchesFor { lines.append("  names:    \(names)") }
                }
                return lines.joined(separator: "\n")
            }.joined(separator: "\n")
        }
    }
}
