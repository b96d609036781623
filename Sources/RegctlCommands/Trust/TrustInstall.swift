import ArgumentParser
import RegctlCore

/// `regctl trust install HOST`
struct TrustInstall: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install a registry's CA where podman, skopeo and docker look for it.",
        discussion: """
            The CA is checked before anything is written: every block must be a valid \
            certificate, and when HOST is reachable the CA must verify the certificate HOST \
            presents, name included. With --from-server the CA is taken from HOST itself and \
            installed only on a matching --fingerprint, a yes at the terminal, or --yes. With \
            --from-cluster it is the ingress CA the cluster of the kubeconfig context publishes \
            (over the kubeconfig's verified connection), else HOST's own, confirmed as above.
            """
    )

    @Argument(help: "The registry host as in image references: name[:port].", completion: .registryHosts)
    var host: String

    @Option(name: .customLong("ca-file"), help: "A PEM bundle of the CA certificate(s).", completion: .file())
    var caFile: String?

    @Flag(name: .customLong("from-server"), help: "Take the CA from the chain HOST presents.")
    var fromServer = false

    @Flag(name: .customLong("from-cluster"), help: "Take the CA the cluster publishes, else HOST's own (confirmed).")
    var fromCluster = false

    @OptionGroup var kubeconfig: KubeconfigOptions

    @OptionGroup var confirmation: ConfirmationOptions

    @Option(help: "Where to install: user, system or all.")
    var scope: TrustScope = .all

    @Flag(name: .customLong("os-store"), help: "Also add the CA to the operating system's trust store (curl, Go tools); needs root and a yes.")
    var osStore = false

    @OptionGroup var options: ReportingOptions

    func validate() throws {
        guard [caFile != nil, fromServer, fromCluster].filter({ $0 }).count == 1 else {
            throw ValidationError("Give exactly one of --ca-file PEM, --from-server or --from-cluster.")
        }
        if !fromCluster && kubeconfig.isSet {
            throw ValidationError("--context and --kubeconfig go with --from-cluster.")
        }
    }

    func run() async throws {
        options.apply()
        let request = TrustInstallRequest(
            host: try RegistryHost(host),
            source: caFile.map { .caFile($0) } ?? (fromCluster ? .fromCluster(.kubeconfig(context: kubeconfig.context, path: kubeconfig.kubeconfig)) : .fromServer),
            fingerprints: confirmation.fingerprints,
            assumeYes: confirmation.yes,
            scope: scope,
            osStore: osStore
        )
        let environment = RegctlEnvironment.current
        let installer = TrustInstaller(
            directories: CertsDirectories(environment: environment),
            prompter: TerminalPrompter(),
            privileged: SudoRunner(environment: environment)
        )
        let report = try await installer.install(request)
        options.warn(report.warnings)
        try options.report(report) {
            guard let first = report.certificates.first else {
                return "\(report.host) needs no CA: \(report.origin)."
            }
            let verified = report.serverVerified ? "verified against \(report.host)" : "not checked against the server"
            var lines: [String]
            if report.certificates.count == 1 {
                lines = ["CA for \(report.host) (SHA-256 \(first.fingerprint)) from \(report.origin), \(verified):"]
            } else {
                lines = ["\(report.certificates.count) CAs for \(report.host) from \(report.origin), \(verified):"]
                lines += report.certificates.map { "  SHA-256 \($0.fingerprint)  \($0.subject)" }
            }
            for entry in report.entries {
                let outcome = entry.outcome == .alreadyTrusted ? "already trusted" : entry.outcome.rawValue
                lines.append("  \(outcome.padded(to: 16))\(entry.path)")
                if let hosts = entry.hostsFile { lines.append("  \("ca added".padded(to: 16))\(hosts)") }
            }
            if let entry = report.osStore {
                let outcome = entry.outcome == .alreadyTrusted ? "already trusted" : entry.outcome.rawValue
                lines.append("  \(outcome.padded(to: 16))\(entry.path) (the operating system's trust store)")
            }
            return lines.joined(separator: "\n")
        }
    }
}
