import FoundationEssentials

/// `regctl setup`: from `oc login` to a working registry in one command. Each step is one
/// of regctl's own flows — the registry host from the cluster, `trust install
/// --from-cluster`, `login` from the kubeconfig context, the push/pull pre-flight as the
/// last check — so setup adds no logic of its own beyond their order. A failing step stops
/// setup; the steps before it stay done, and running setup again continues.
public struct RegistrySetup: Sendable {
    let environment: RegctlEnvironment
    let keyring: any CredentialStore
    let installer: TrustInstaller
    let prompter: any TrustPrompter
    let log = StepLog.logger("setup")

    public init(environment: RegctlEnvironment, keyring: any CredentialStore, prompter: any TrustPrompter, privileged: any PrivilegedRunner) {
        self.environment = environment
        self.keyring = keyring
        self.prompter = prompter
        installer = TrustInstaller(directories: CertsDirectories(environment: environment), prompter: prompter, privileged: privileged)
    }

    public func run(_ request: SetupRequest, progress: (SetupStep) -> Void = { _ in }) async throws -> SetupReport {
        let access: ClusterAccess
        if let password = request.password {
            access = .token(try await OAuthPasswordLogin.token(for: password, environment: environment))
        } else {
            access = try SituatedError.situating({ Self.afterClusterLogin($0, request) }) {
                try ClusterAccess.kubeconfig(context: request.context, path: request.kubeconfig).resolved(environment: environment)
            }
        }
        let token = try access.token(environment: environment)
        log.debug("cluster \(token.cluster.server)\(token.context.isEmpty ? "" : ", kubeconfig context \(token.context)")")

        let registry: DiscoveredRegistry
        if let host = request.host {
            registry = DiscoveredRegistry(host: host, source: "the command line", repository: nil)
        } else {
            registry = try await OpenShiftAPI.with(token) { api in try await RegistryDiscovery.find(with: api) }
        }
        progress(.registry(registry))
        let host = registry.host

        let trust: TrustInstallReport
        do {
            trust = try await installer.install(TrustInstallRequest(
                host: host,
                source: request.caFile.map { .caFile($0) } ?? .fromCluster(access),
                fingerprints: request.fingerprints, assumeYes: request.assumeYes, scope: request.scope
            ))
        } catch TrustError.confirmationNeeded(let host, let fingerprint, let reason, _) {
            throw SetupError.confirmationNeeded(
                host: host, fingerprint: fingerprint, reason: reason, command: request.commandLine(host: host, fingerprints: [fingerprint])
            )
        }
        progress(.trust(trust))

        var kubeconfig: Kubeconfig?
        if case .kubeconfigToken(_, let read) = access { kubeconfig = read }
        let login = try await RegistryLogin(environment: environment, keyring: keyring, prompter: prompter).login(LoginRequest(
            host: host, tokenSource: kubeconfig.map { .context(token, from: $0) } ?? .token(token), store: request.store,
            destinationConsent: request.host == nil ? nil : "`regctl setup \(host)`, which names it this cluster's registry"
        ))
        progress(.login(login))

        try await PushPullPreflight(environment: environment, keyring: keyring).confirm(host, engine: .podman, kubeconfig: kubeconfig)
        progress(.checked(host))

        return SetupReport(
            registry: registry, trust: trust, login: login,
            alreadySetUp: !login.changed && trust.entries.allSatisfy { $0.outcome == .alreadyTrusted },
            next: await firstCommand(registry, namespace: kubeconfig == nil ? nil : token.namespace)
        )
    }

    /// For a kubeconfig that gives no cluster login: `oc login`, then this setup again; any
    /// other error keeps its own fix.
    private static func afterClusterLogin(_ error: any RegctlError, _ request: SetupRequest) -> Fix? {
        switch error as? KubeconfigError {
        case .noKubeconfig, .noCurrentContext, .noToken: .run("oc login", request.commandLine(host: request.host, fingerprints: request.fingerprints))
        default: error.fix
        }
    }

    /// A push into the context's namespace when the cluster says the user may push there,
    /// else a pull of an image every user may read.
    private func firstCommand(_ registry: DiscoveredRegistry, namespace: String?) async -> String {
        let host = registry.host
        if let namespace, let image = try? ImageReference("\(host)/\(namespace)/image"),
           let answer = try? await RegistryRights(environment: environment, keyring: keyring).check(.push, image), answer.allowed {
            return "regctl push \(host)/\(namespace)/IMAGE"
        }
        return "podman pull \(host)/\(registry.repository ?? "openshift/cli")"
    }
}
