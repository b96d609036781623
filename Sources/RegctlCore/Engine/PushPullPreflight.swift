import FoundationEssentials
import X509

/// Checks, before podman or docker runs, that a registry regctl manages will work. Local
/// facts decide first (see ``LocalEvidence``); only when one is missing or stale is the
/// registry asked, with exactly the CAs this engine uses and the credential it will be
/// given — a bound login's current token, which is then stored as `login` stores it. A
/// registry regctl does not manage is not checked.
public struct PushPullPreflight: Sendable {
    let environment: RegctlEnvironment
    let keyring: any CredentialStore
    let log = StepLog.logger("preflight")

    public init(environment: RegctlEnvironment, keyring: any CredentialStore) {
        self.environment = environment
        self.keyring = keyring
    }

    /// Checks `host` for `engine`; a registry that cannot be asked is left for the engine to report.
    public func check(_ host: RegistryHost, engine: ContainerEngine) async throws {
        try await check(host, engine: engine, strict: false)
    }

    /// Proves that `engine` will work with `host`: as ``check(_:engine:)``, but a registry that
    /// cannot be asked is an error too. `kubeconfig`, when given, is the one the login was
    /// just made from, so that it is not read again.
    public func confirm(_ host: RegistryHost, engine: ContainerEngine, kubeconfig: Kubeconfig? = nil) async throws {
        try await check(host, engine: engine, strict: true, kubeconfig: kubeconfig)
    }

    private func check(_ host: RegistryHost, engine: ContainerEngine, strict: Bool, kubeconfig: Kubeconfig? = nil) async throws {
        let configFile = RegctlConfigFile(environment: environment)
        guard let entry = try configFile.load().registries[host.description] else {
            log.debug("\(host) is not managed by regctl; handing over without checks")
            return
        }
        // Resolving may run an exec plugin: the resolver waits for it off the cooperative pool.
        let resolution = try await SituatedError.naming(host) {
            try await CredentialResolver(environment: environment, keyring: keyring)
                .resolve(host, for: engine.credentialClient, entry: entry, load: kubeconfig.map { read in { @Sendable _ in read } })
        }
        let sent = resolution.source
        let known = sent.known
        switch sent {
        case .kubeconfig, .plain: break
        case .keyring: log.debug("the keyring's copy serves; it is read while the registry answers its first request")
        case .otherHelper, .none: throw notLoggedIn(host, engine: engine, entry: entry, source: sent)
        }
        let stored = Task { try await resolution.credential() }
        let (client, roots) = engineRoots(host, engine: engine)
        let stale = LocalEvidence.staleFact(entry: entry, roots: roots, secret: known?.secret, names: TokenNames(config: configFile))
        if let stale {
            log.debug("asking \(host): \(stale)")
        } else if !strict {
            log.debug("local facts hold (CA, wiring, token and its expiry); handing over without asking \(host)")
            return
        }
        func credential() async throws -> Credential {
            guard let credential = try await stored.value else { throw notLoggedIn(host, engine: engine, entry: entry, source: sent) }
            Redactor.shared.register(credential.secret)
            return credential
        }

        // A stale fact of a bound login: its token is stored again once the registry accepts it.
        var renewal: (LoginSource.Current, Task<Date?, Never>)?
        if stale != nil, case .kubeconfig(let current) = sent { renewal = (current, TokenRenewal.expiry(of: current.token)) }
        do {
            let verdict = try await RegistryAuthenticator(host: host, roots: roots).verify(credential)
            log.debug(verdict == .accepted ? "\(host) accepts the credential" : "\(host) lets anyone in; the credential cannot be checked")
        } catch LoginError.rejected {
            throw PreflightError.rejected(host: host, context: entry.context, fix: Fixes(environment: environment).renewal(host, entry: entry))
        } catch let error as LoginError {
            if case .tls = error {
                throw PreflightError.untrusted(
                    host: host, engine: engine, client: client, fix: Fixes(environment: environment).trust(host, client: client, source: "--from-server")
                )
            }
            if strict { throw error }
            _ = try await credential()
            log.debug("could not check \(host) (\(error.message)); handing over, the engine will report")
            return
        }
        if let (current, expiry) = renewal {
            // Stored as the helper stores a renewal, so that the next pull decides from local facts.
            if !current.stored { log.debug("renewed the token of \(host) from kubeconfig context \(current.token.context)") }
            _ = await expiry.value
            let renewal = TokenRenewal(source: LoginSource(environment: environment), keyring: keyring)
            try await onOwnThread { renewal.save(current, for: host.description, expiry: expiry) }.value
        }
    }

    /// No credential for `engine` to send, with the fix for the login `entry` records.
    private func notLoggedIn(_ host: RegistryHost, engine: ContainerEngine, entry: RegctlConfig.Registry, source: CredentialResolver.Source) -> PreflightError {
        .notLoggedIn(host: host, engine: engine, fix: Fixes(environment: environment).missingCredential(host, entry: entry, source: source))
    }

    /// The client whose certs.d this engine reads, and the CAs it trusts for `host` besides the system's.
    private func engineRoots(_ host: RegistryHost, engine: ContainerEngine) -> (TrustClient, [Certificate]) {
        let client = TrustClient.used(by: engine, environment: environment)
        return (client, CertsDirectories(environment: environment).certificates(of: client, for: host))
    }
}
