import FoundationEssentials

/// The source of a login bound to a kubeconfig context: the context's current token is the
/// credential ("the login's source is the truth"). regctl's config remembers which token
/// the keyring holds, so the keyring is written only when the source's token changed, and
/// read only when the source has none.
public struct LoginSource: Sendable {
    let environment: RegctlEnvironment
    let config: RegctlConfigFile

    public init(environment: RegctlEnvironment) {
        self.environment = environment
        config = RegctlConfigFile(environment: environment)
    }

    /// A bound login's current credential.
    public struct Current: Sendable {
        public let credential: Credential
        /// The context's token, with its cluster.
        public let token: OpenShiftToken
        /// Whether regctl's config says the keyring holds this very token.
        public let stored: Bool
    }

    /// Whether finding a bound login's token may run its exec plugin.
    public enum Plugins: Sendable {
        /// Run the plugin (without a person) once the stored token's recorded expiry has passed.
        case runWhenExpired
        /// Never run it: the keyring's copy speaks for the plugin.
        case skip
    }

    /// The current credential of a login bound to a kubeconfig context; nil when the login
    /// is not bound, or its token comes from an exec plugin that is not to run now: with
    /// `.runWhenExpired`, the plugin runs (without a person) only once the stored token's
    /// recorded expiry has passed. Throws why the kubeconfig or the plugin gives no token (a
    /// plugin another user can change as the kubeconfig's problem, so the keyring's copy serves).
    /// The binding holds only while its context, in its kubeconfig files, names its cluster.
    /// `load` reads a binding's kubeconfig, so that callers can share reads.
    public func token(
        for server: String, entry: RegctlConfig.Registry?, plugins: Plugins, now: Date = Date(),
        load: ((KubeconfigBinding) throws(KubeconfigError) -> Kubeconfig)? = nil
    ) throws -> Current? {
        guard let entry, entry.store == .secretService, let binding = entry.binding else { return nil }
        let kubeconfig = try load?(binding) ?? binding.kubeconfig(environment: environment)
        let user = try binding.user(in: kubeconfig)
        let token: OpenShiftToken
        if user.token == nil, user.tokenFile == nil, user.hasExec {
            if plugins == .skip { return nil }
            if let expiry = entry.token?.expiry, expiry > now { return nil }
            do {
                token = try OpenShiftToken.obtain(kubeconfig, context: binding.context, terminal: false, environment: environment)
            } catch ExecPluginError.notYours(let refusal) {
                throw KubeconfigError.notYours(refusal)
            }
        } else {
            token = try OpenShiftToken.resolve(kubeconfig, context: binding.context)
        }
        return Current(
            credential: Credential(server: server, username: entry.username, secret: token.token),
            token: token, stored: entry.token != nil && entry.token?.id == TokenNames(config: config).name(of: token.token)
        )
    }

    /// Ends the binding of `server`: a client stored or erased its credential, and what the
    /// client did wins over the source from now on. Returns whether it was bound.
    @discardableResult
    public func unbind(_ server: String) -> Bool {
        var wasBound = false
        _ = try? config.update { config in
            guard let entry = config.registries[server], entry.binding != nil else { return }
            wasBound = true
            config.registries[server] = RegctlConfig.Registry(store: entry.store, username: entry.username)
        }
        return wasBound
    }
}
