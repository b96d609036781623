import ArgumentParser
import FoundationEssentials
import RegctlCore

/// `regctl pull-secret HOST`
struct PullSecretCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull-secret",
        abstract: "Make a pull secret for the cluster's workloads, holding a service account's token.",
        discussion: """
            Prints a Secret of type kubernetes.io/dockerconfigjson for `oc apply -f -`, in the \
            namespace of the login's kubeconfig context (or --namespace). It holds a token of \
            the service account `default` (or --service-account SA), minted with the \
            TokenRequest API (one year unless --duration says otherwise, as long as the cluster \
            grants) and verified against the registry: whoever reads the Secret gets only that \
            account's rights. --from-login puts the credential podman uses in it instead, your \
            own token, with all your rights until it expires (regctl warns). --apply creates or \
            updates the Secret through the API, and --link SA adds it to the service account's \
            imagePullSecrets, as `oc secrets link --for=pull`. The token is minted, and the \
            Secret applied, by the cluster the login is bound to; for a login that is not \
            bound (a registry account, --server), name the context with --context: its \
            cluster must name HOST as its registry, or --yes says to use it all the same. \
            regctl never falls back to the current context.
            """
    )

    enum Output: String, ExpressibleByArgument, CaseIterable { case yaml, json }

    @Argument(help: "The registry host as in image references: name[:port].", completion: .registryHosts)
    var host: String

    @Option(help: "The Secret's name (default: the host's name with -pull).")
    var name: String?

    @Option(help: "The Secret's namespace (default: the namespace of the login's kubeconfig context).")
    var namespace: String?

    @Option(help: "How to print the Secret: yaml or json.")
    var output: Output = .yaml

    @Option(name: .customLong("service-account"), help: "The service account whose token the secret holds (default: default).")
    var serviceAccount: String?

    @Option(help: ArgumentHelp("How long the service account's token should last, as 8760h, 30d or 1d12h (default: 365d).", valueName: "duration"))
    var duration: TokenDuration?

    @Flag(name: .customLong("from-login"), help: "Put your own credential in the secret (the one podman uses), with all your rights.")
    var fromLogin = false

    @Flag(help: "Create the Secret in the cluster, or update it in place, instead of printing it.")
    var apply = false

    @Option(help: ArgumentHelp("With --apply: add the Secret to this service account's imagePullSecrets.", valueName: "service-account"))
    var link: String?

    @Option(help: "The kubeconfig context whose cluster mints the token and takes the Secret (default: the one the login is bound to).", completion: .kubeconfigContexts)
    var context: String?

    @Flag(help: "With --context: use its cluster even when it does not name HOST as its registry.")
    var yes = false

    @Flag(name: .shortAndLong, help: "Log each step to stderr (secrets are always redacted).")
    var verbose = false

    func validate() throws {
        if fromLogin && (serviceAccount != nil || duration != nil) {
            throw ValidationError("--from-login puts your own credential in the secret; --service-account and --duration are for a service account's token.")
        }
        if link != nil && !apply { throw ValidationError("--link goes with --apply.") }
        if yes && context == nil { throw ValidationError("--yes goes with --context: it says to use that context's cluster.") }
        if context != nil && fromLogin && !apply {
            throw ValidationError("--from-login without --apply asks no cluster; leave out --context.")
        }
    }

    func run() async throws {
        StepLog.enable(verbose: verbose)
        let environment = RegctlEnvironment.current
        let request = PullSecretRequest(
            host: try RegistryHost(host), name: name, namespace: namespace,
            serviceAccount: fromLogin ? nil : serviceAccount ?? PullSecretRequest.defaultServiceAccount,
            duration: duration?.seconds ?? PullSecretRequest.defaultDuration, apply: apply, link: link, context: context, confirmed: yes
        )
        let report = try await PullSecretMaker(environment: environment, keyring: SecretServiceStore(environment: environment)).make(request)
        ReportingOptions().warn(report.warnings)
        if let account = report.serviceAccount {
            let until = report.expiry.map { "until \(TimeText.dateAndDistance($0))" } ?? "for as long as the cluster decides"
            Console.standardError.write("The token of service account \(report.namespace)/\(account) lasts \(until); \(host) accepted it.\n")
        }
        guard apply else {
            // The Secret carries the credential on purpose: written as it is, never redacted.
            StandardStreams.write(output == .json ? report.secret.serialized(indent: "  ") + "\n" : YAMLWriter.text(report.secret), to: 1)
            return
        }
        let lines = report.changes.map { change in
            switch change {
            case .created: "Created secret \(report.namespace)/\(report.name)."
            case .updated: "Updated secret \(report.namespace)/\(report.name)."
            case .unchanged: "Secret \(report.namespace)/\(report.name) is already up to date."
            case .linked: "Linked it to service account \(link ?? ""): its pods pull from \(host) with it."
            case .alreadyLinked: "Service account \(link ?? "") already pulls with it."
            }
        }
        Console.standardOutput.write(lines.joined(separator: "\n") + "\n")
    }
}

/// A token lifetime such as `8760h`, `30d` or `1d12h`.
struct TokenDuration: ExpressibleByArgument {
    let seconds: Int

    init?(argument: String) {
        guard let seconds = PullSecretRequest.seconds(of: argument) else { return nil }
        self.seconds = seconds
    }
}
