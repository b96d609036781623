import FoundationEssentials

/// What a client sends for a registry, from where, and why: the one answer that the
/// credential helper, `push` and `pull`, `status`, `pull-secret` and `logout` share.
///
/// A client first looks in its auth files (``CredentialLookup``); when they send it to
/// regctl's helper, the helper serves a bound login's current token from its kubeconfig
/// context, else the keyring's copy.
public struct CredentialResolver: Sendable {
    let keyring: any CredentialStore
    let authFiles: AuthFiles
    /// The bindings of logins to kubeconfig contexts; nil where none is followed.
    let source: LoginSource?
    let log = StepLog.logger("credentials")

    public init(environment: RegctlEnvironment, keyring: any CredentialStore) {
        self.init(keyring: keyring, source: LoginSource(environment: environment))
    }

    init(keyring: any CredentialStore, source: LoginSource?) {
        self.keyring = keyring
        self.source = source
        let environment = source?.environment ?? RegctlEnvironment(variables: [:], isRoot: false, isInteractive: false)
        authFiles = AuthFiles(locations: AuthFileLocations(environment: environment))
    }

    /// Where the credential a client sends comes from.
    public enum Source: Sendable {
        /// The current token of the kubeconfig context the login is bound to.
        case kubeconfig(LoginSource.Current)
        /// The keyring's item for the registry (read with ``keyringCredential(for:)``).
        case keyring
        /// A plain `auths` entry.
        case plain(Credential)
        /// Another credential helper, whose store regctl does not read.
        case otherHelper(String)
        /// Nothing: the client sends no credential.
        case none

        /// The credential, when it is known without reading a store.
        public var known: Credential? {
            switch self {
            case .kubeconfig(let current): current.credential
            case .plain(let credential): credential
            case .keyring, .otherHelper, .none: nil
            }
        }
    }

    /// A client's lookup and where the credential it sends comes from.
    public struct Resolution: Sendable {
        public let lookup: CredentialLookup
        public let source: Source
        /// Why the kubeconfig context a login is bound to gave no token, when it gave none
        /// and the keyring's copy serves instead.
        public let bindingProblem: KubeconfigError?
    }

    /// What `client` sends for `host`. `entry` is regctl's record of the login, if any;
    /// `plugins` and `load` are as in ``LoginSource/token(for:entry:plugins:now:load:)``.
    public func resolve(
        _ host: RegistryHost, for client: CredentialClient, entry: RegctlConfig.Registry?,
        plugins: LoginSource.Plugins = .runWhenExpired, load: ((KubeconfigBinding) throws(KubeconfigError) -> Kubeconfig)? = nil
    ) throws -> Resolution {
        let lookup = try authFiles.lookup(host, for: client)
        let served = try source(of: lookup, for: host.description, entry: entry, plugins: plugins, load: load)
        return Resolution(lookup: lookup, source: served.source, bindingProblem: served.problem)
    }

    /// Where the credential `lookup` leads to comes from; for regctl's helper, with why a
    /// binding gave no token.
    public func source(
        of lookup: CredentialLookup, for server: String, entry: RegctlConfig.Registry?,
        plugins: LoginSource.Plugins = .runWhenExpired, load: ((KubeconfigBinding) throws(KubeconfigError) -> Kubeconfig)? = nil
    ) throws -> (source: Source, problem: KubeconfigError?) {
        var problem: KubeconfigError?
        let source = try Self.source(of: lookup) {
            let served = try helperSource(for: server, entry: entry, plugins: plugins, load: load)
            problem = served.problem
            return served.source
        }
        return (source, problem)
    }

    /// What regctl's own helper serves for `server`: a bound login's current token, else the
    /// keyring's copy (with why the binding gave no token). An exec plugin that fails throws why.
    public func helperSource(
        for server: String, entry: RegctlConfig.Registry?,
        plugins: LoginSource.Plugins = .runWhenExpired, load: ((KubeconfigBinding) throws(KubeconfigError) -> Kubeconfig)? = nil
    ) throws -> (source: Source, problem: KubeconfigError?) {
        do {
            return (try source?.token(for: server, entry: entry, plugins: plugins, load: load).map(Source.kubeconfig) ?? .keyring, nil)
        } catch let error as KubeconfigError {
            return (.keyring, error)
        }
    }

    /// As ``helperSource(for:entry:plugins:load:)``, reading regctl's record of the login first.
    func helperSource(for server: String) throws -> Source {
        let entry = (try? source?.config.load())?.registries[server]
        let served = try helperSource(for: server, entry: entry)
        if let problem = served.problem { log.debug("kubeconfig context \(entry?.context ?? "") gives no token (\(problem.message)); the keyring's copy serves") }
        return served.source
    }

    /// The keyring's item for `server`.
    public func keyringCredential(for server: String) throws(CredentialError) -> Credential? {
        try keyring.get(server: server)
    }

    /// The source a lookup leads to; `helper` answers for regctl's own helper.
    static func source(of lookup: CredentialLookup, helper: () throws -> Source) rethrows -> Source {
        switch lookup.answer {
        case .plain(let credential): .plain(credential)
        case .helper(AuthFiles.helperSuffix): try helper()
        case .helper(let name): .otherHelper(name)
        case .none: .none
        }
    }
}
