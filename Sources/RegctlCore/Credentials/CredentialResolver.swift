import FoundationEssentials

/// What a client sends for a registry, from where, and why: the one answer that the
/// credential helper, `push` and `pull`, `status`, `can-i` and `pull-secret` share.
///
/// A client first looks in its auth files (``CredentialLookup``); when they send it to
/// regctl's helper, the helper serves a bound login's current token from its kubeconfig
/// context, else the keyring's copy. Everyone in Swift concurrency asks ``resolve(_:for:entry:plugins:lookup:load:)``,
/// which does its blocking work (files, an exec plugin, the keyring) on threads of its own;
/// the helper, which answers on its main thread outside concurrency, asks ``served(for:)``.
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
        /// The keyring's item for the registry.
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

    /// A client's lookup, where the credential it sends comes from, and that credential.
    public struct Resolution: Sendable {
        public let lookup: CredentialLookup
        public let source: Source
        /// Why the kubeconfig context a login is bound to gave no token, when it gave none
        /// and the keyring's copy serves instead.
        public let bindingProblem: KubeconfigError?
        let server: String
        let keyring: any CredentialStore

        /// The credential the client sends: the source's own, or the keyring's item, read on
        /// a thread of its own; nil when the client sends none or the keyring holds none.
        public func credential() async throws -> Credential? {
            guard case .keyring = source else { return source.known }
            return try await keyring.read(server: server)
        }
    }

    /// How a binding's kubeconfig is read, so that callers can share reads.
    public typealias KubeconfigLoader = @Sendable (KubeconfigBinding) throws(KubeconfigError) -> Kubeconfig

    /// What `client` sends for `host`. `entry` is regctl's record of the login, if any;
    /// `plugins` says whether an exec plugin may run (see ``LoginSource/token(for:entry:plugins:now:load:)``);
    /// `lookup`, when given, is what the client's files say, already read.
    public func resolve(
        _ host: RegistryHost, for client: CredentialClient, entry: RegctlConfig.Registry?,
        plugins: LoginSource.Plugins = .runWhenExpired, lookup: CredentialLookup? = nil, load: KubeconfigLoader? = nil
    ) async throws -> Resolution {
        try await onOwnThread { [self] in
            let lookup = try lookup ?? authFiles.lookup(host, for: client)
            let server = host.description
            var problem: KubeconfigError?
            let source = try Self.source(of: lookup) {
                let served = try served(for: server, entry: entry, plugins: plugins, load: load)
                problem = served.problem
                return served.source
            }
            return Resolution(lookup: lookup, source: source, bindingProblem: problem, server: server, keyring: keyring)
        }.value
    }

    /// What regctl's own helper serves for `server`, by regctl's record of the login.
    func served(for server: String) throws -> (source: Source, problem: KubeconfigError?) {
        try served(for: server, entry: (try? source?.config.load())?.registries[server])
    }

    /// What regctl's own helper serves for `server`: a bound login's current token, else the
    /// keyring's copy (with why the binding gave no token). An exec plugin that fails throws
    /// why. Blocks: for the helper's main thread, or a thread of its own.
    func served(
        for server: String, entry: RegctlConfig.Registry?, plugins: LoginSource.Plugins = .runWhenExpired, load: KubeconfigLoader? = nil
    ) throws -> (source: Source, problem: KubeconfigError?) {
        do {
            return (try source?.token(for: server, entry: entry, plugins: plugins, load: load).map(Source.kubeconfig) ?? .keyring, nil)
        } catch let error as KubeconfigError {
            log.debug("kubeconfig context \(entry?.context ?? "") gives no token (\(error.message)); the keyring's copy serves")
            return (.keyring, error)
        }
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
