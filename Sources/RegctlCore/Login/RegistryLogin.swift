import FoundationEssentials

/// What `regctl login` was asked to do.
public struct LoginRequest: Sendable {
    public enum TokenSource: Sendable {
        /// The token of a kubeconfig context (nil: the current one), from `path` or the usual files.
        case kubeconfig(context: String?, path: String?)
        /// A token given on standard input.
        case given(String)
        /// The password of the registry's own account (with ``LoginRequest/username``), given
        /// on standard input, as `podman login -u USER --password-stdin`.
        case account(password: String)
        /// A token from the cluster's OAuth server for a user name and password (`oc login -u`).
        case password(PasswordCredentials)
        /// A token regctl already got from the cluster (setup's password login).
        case token(OpenShiftToken)
        /// A kubeconfig context's token, with the kubeconfig it came from, already read.
        case context(OpenShiftToken, from: Kubeconfig)
    }

    public var host: RegistryHost
    public var tokenSource: TokenSource
    public var username: String?
    public var store: CredentialStoreKind
    /// Why a cluster token may go to a host the cluster does not name as its registry, or to
    /// a token service on another host name, without asking ("--yes"); nil: ask.
    public var destinationConsent: String?

    public init(
        host: RegistryHost, tokenSource: TokenSource, username: String? = nil, store: CredentialStoreKind = .secretService,
        destinationConsent: String? = nil
    ) {
        self.host = host
        self.tokenSource = tokenSource
        self.username = username
        self.store = store
        self.destinationConsent = destinationConsent
    }
}

/// What `regctl login` did.
public struct LoginReport: Codable, Sendable {
    public let host: RegistryHost
    public let username: String
    public let verdict: RegistryAuthenticator.Verdict
    public let store: CredentialStoreKind
    public let context: String?
    /// When the token expires, where that can be known.
    public let tokenExpiry: Date?
    /// Whether anything was stored or rewired; false when all of it was in place already.
    public let changed: Bool
    /// Whether the secret is kept in `store`: false for a bound login made while the keyring
    /// could not be reached, which keeps no copy (the helper serves the context's token).
    public let copyStored: Bool
    public let warnings: [String]
}

/// Logs in to a registry with an OpenShift token: resolve the token, find the user name,
/// make sure a cluster's token goes only where the cluster or the person says it may, check
/// the credential against the registry in memory, and only then save it.
public struct RegistryLogin: Sendable {
    let environment: RegctlEnvironment
    let wiring: CredentialWiring
    /// Asks the person at the terminal; nil: nobody to ask.
    let prompter: (any TrustPrompter)?
    let log = StepLog.logger("login")

    public init(environment: RegctlEnvironment, keyring: any CredentialStore, prompter: (any TrustPrompter)? = nil) {
        self.environment = environment
        wiring = CredentialWiring(environment: environment, keyring: keyring)
        self.prompter = prompter
    }

    public func login(_ request: LoginRequest) async throws -> LoginReport {
        let host = request.host
        if request.store == .secretService { wiring.keyring.connectAhead() }
        var binding: KubeconfigBinding?
        var openShiftToken: OpenShiftToken?
        var username = request.username
        let secret: String
        let account: Bool
        if let stored = try await storedAccount(request) {
            (secret, username, account) = (stored.secret, stored.username, true)
        } else {
            account = if case .account = request.tokenSource { true } else { false }
            switch request.tokenSource {
            case .kubeconfig(let context, let path):
                let (token, kubeconfig) = try SituatedError.naming(host) {
                    let kubeconfig = try Kubeconfig.load(environment: environment, explicitPath: path)
                    return (try OpenShiftToken.obtain(kubeconfig, context: context, terminal: environment.isInteractive, environment: environment), kubeconfig)
                }
                (binding, openShiftToken, secret) = bound(token, kubeconfig)
            case .context(let token, let kubeconfig):
                (binding, openShiftToken, secret) = bound(token, kubeconfig)
            case .given(let text):
                secret = text.trimmed
                guard !secret.isEmpty else { throw LoginError.emptyToken(host: host) }
            case .account(let password):
                secret = password
            case .password(let credentials):
                let token = try await OAuthPasswordLogin.token(for: credentials, environment: environment)
                log.debug("got a token from the OAuth server of \(credentials.server)")
                openShiftToken = token
                secret = token.token
            case .token(let token):
                openShiftToken = token
                secret = token.token
            }
        }
        Redactor.shared.register(secret)

        let user = Task { [log, username, openShiftToken] in
            let found = if let openShiftToken { try await OpenShiftUser.lookup(openShiftToken) }
                else { OpenShiftUser(name: nil, tokenExpiry: TokenExpiry.jwtExpiry(secret)) }
            let name = username ?? found.name ?? "openshift"
            log.debug("user name \(name), token expiry \(found.tokenExpiry.map { "\($0)" } ?? "unknown")")
            return (name: name, tokenExpiry: found.tokenExpiry)
        }
        let destination = openShiftToken.map { token in
            Task { [environment] in
                if request.destinationConsent != nil { return ClusterTokenDestination.consented(host, for: token) }
                return try await ClusterTokenDestination.check(host, for: token, environment: environment)
            }
        }
        let roots = CertsDirectories(environment: environment).containersCertificates(for: host)
        func credential() async throws -> Credential { Credential(server: host.description, username: try await user.value.name, secret: secret) }
        var warnings: [String] = []
        let verdict: RegistryAuthenticator.Verdict
        do {
            verdict = try await RegistryAuthenticator(host: host, roots: roots).verify { challenge in
                if let destination { warnings += try await approve(try await destination.value.concerns(answering: challenge), request) }
                return try await credential()
            }
        } catch LoginError.rejected(let host, let status) where account {
            throw LoginError.rejectedAccount(host: host, username: try await user.value.name, status: status)
        } catch LoginError.rejected(let host, let status) {
            throw LoginError.rejectedLogin(host: host, status: status, fix: request.renewal(cluster: openShiftToken?.cluster.server))
        }
        if verdict == .unverifiable {
            warnings.append("\(host) answers without credentials, so the token could not be verified; saved anyway")
        }
        let tokenExpiry = try await user.value.tokenExpiry
        let credential = try await credential()
        let saved = try await onOwnThread { [wiring, binding] in
            try wiring.save(credential, for: host, in: request.store, binding: binding, tokenExpiry: tokenExpiry, account: account)
        }.value
        return LoginReport(
            host: host, username: credential.username, verdict: verdict, store: request.store,
            context: binding?.context, tokenExpiry: tokenExpiry, changed: saved.changed, copyStored: saved.copyStored,
            warnings: warnings + saved.warnings
        )
    }

    /// For `regctl login HOST` alone: the account login regctl holds for HOST in the keyring,
    /// to be checked and wired again as `podman login HOST` does with existing credentials;
    /// nil when there is none.
    private func storedAccount(_ request: LoginRequest) async throws -> Credential? {
        let server = request.host.description
        guard case .kubeconfig(nil, nil) = request.tokenSource, request.username == nil, request.store == .secretService,
              let entry = try RegctlConfigFile(environment: environment).load().registries[server], entry.account, entry.store == .secretService
        else { return nil }
        let stored = try await wiring.keyring.read(server: server)
        if stored != nil { log.debug("checking the account login to \(server) that the keyring holds again") }
        return stored
    }

    /// Settles `concerns` about where a cluster token goes: nothing to settle, consent given
    /// beforehand (kept as warnings), a yes at the terminal, or a refusal that sends nothing.
    private func approve(_ concerns: [String], _ request: LoginRequest) async throws -> [String] {
        guard !concerns.isEmpty else { return [] }
        if let consent = request.destinationConsent { return concerns.map { "\($0); the token was sent because of \(consent)" } }
        guard environment.isInteractive, let prompter else { throw LoginError.unconfirmedDestination(host: request.host, concerns: concerns) }
        guard try await onOwnThread({ prompter.confirmSending(to: request.host, despite: concerns) }).value else {
            throw LoginError.declined(host: request.host)
        }
        return []
    }

    /// A login from `kubeconfig`'s context: bound to it, with its token.
    private func bound(_ token: OpenShiftToken, _ kubeconfig: Kubeconfig) -> (KubeconfigBinding, OpenShiftToken, String) {
        log.debug("using the token of kubeconfig context \(token.context) (cluster \(token.cluster.server))")
        return (KubeconfigBinding(token, readFrom: kubeconfig), token, token.token)
    }
}
