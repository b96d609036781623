import ArgumentParser
import RegctlCore

/// `regctl setup [HOST]`
struct Setup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup",
        abstract: "After `oc login`: find the registry, trust its CA, log in, and check it all, in one command.",
        discussion: """
            Without HOST, the registry's public host is asked of the cluster of the current \
            kubeconfig context (or --context). Its CA: none is installed when the CAs in \
            certs.d or the system's already verify HOST; else --ca-file, else the cluster's \
            ingress CA bundles (read over the kubeconfig's verified connection), else the \
            registry's own handshake, which needs --fingerprint, a yes at the terminal, or \
            --yes. Then the token is verified, stored and wired as `regctl login` \
            does, and the stored credential is checked with the CAs podman will load. Running \
            setup again changes nothing that is in place, and continues after a failed step. \
            Without `oc`, --server and --username log in with your password instead of the \
            kubeconfig, as `oc login -u` does.
            """
    )

    @Argument(help: "The registry host as in image references (default: ask the cluster).", completion: .registryHosts)
    var host: String?

    @OptionGroup var kubeconfig: KubeconfigOptions

    @OptionGroup var password: PasswordOptions

    @Option(help: "With --server: your OpenShift user.")
    var username: String?

    @Option(name: .customLong("ca-file"), help: "A PEM bundle of the registry's CA, instead of asking the cluster.", completion: .file())
    var caFile: String?

    @OptionGroup var confirmation: ConfirmationOptions

    @Option(help: "Where to install the CA: user, system or all.")
    var scope: TrustScope = .all

    @Option(help: "Where to keep the secret: secret-service (the desktop keyring) or file (unencrypted).")
    var store: CredentialStoreKind = .secretService

    @OptionGroup var options: ReportingOptions

    func validate() throws {
        if [caFile != nil, !confirmation.fingerprints.isEmpty, confirmation.yes].filter({ $0 }).count > 1 {
            throw ValidationError("Give at most one of --ca-file, --fingerprint and --yes.")
        }
        if username != nil && password.server == nil { throw ValidationError("--username goes with --server.") }
        try password.validate(username: username, kubeconfig: kubeconfig)
    }

    func run() async throws {
        options.apply()
        let environment = RegctlEnvironment.current
        let request = SetupRequest(
            host: try host.map { try RegistryHost($0) }, context: kubeconfig.context, kubeconfig: kubeconfig.kubeconfig, caFile: caFile,
            fingerprints: confirmation.fingerprints, assumeYes: confirmation.yes, scope: scope, store: store,
            password: try password.credentials(username: username, environment: environment)
        )
        let setup = RegistrySetup(
            environment: environment, keyring: SecretServiceStore(environment: environment),
            prompter: TerminalPrompter(), privileged: SudoRunner(environment: environment)
        )
        var done: [SetupStep] = []
        let report: SetupReport
        do {
            report = try await setup.run(request) { done.append($0) }
        } catch {
            if !done.isEmpty {
                let lines = done.flatMap(SetupSummary.lines(for:))
                Console.standardError.write((["Setup stopped; these steps are done (run it again to continue):"] + lines).joined(separator: "\n") + "\n")
            }
            throw error
        }
        options.warn(report.trust.warnings + report.login.warnings)
        try options.report(report) { SetupSummary.text(report, scope: scope) }
    }
}
