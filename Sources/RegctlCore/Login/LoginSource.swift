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

    /// The source's current credential for `server`; nil when the login is not bound, or
    /// the context gives no token. A context whose token comes from an exec plugin gives
    /// nil while the stored token's recorded expiry has not passed (the keyring's copy
    /// serves); after it, the plugin runs without a person and its token is current — or
    /// this throws why the plugin gave none.
    public func current(for server: String) throws -> Current? {
        try current(for: server, entry: (try? config.load())?.registries[server])
    }

    /// As ``current(for:)``, with the config entry the caller has already read.
    public func current(for server: String, entry: RegctlConfig.Registry?, now: Date = Date()) throws -> Current? {
        guard let entry, entry.store == .secretService,
              let binding = entry.binding,
              let kubeconfig = try? Kubeconfig.load(environment: environment, explicitPath: binding.kubeconfig),
              let found = try? kubeconfig.user(ofContext: binding.context)
        else { return nil }
        let token: OpenShiftToken
        if found.user.token == nil, found.user.tokenFile == nil, found.user.exec != nil {
            if let expiry = entry.token?.expiry, expiry > now { return nil }
            token = try OpenShiftToken.obtain(kubeconfig, context: binding.context, terminal: false, environment: environment)
        } else {
            guard let resolved = try? OpenShiftToken.resolve(kubeconfig, context: binding.context) else { return nil }
            token = resolved
        }
        return Current(
            credential: Credential(server: server, username: entry.username, secret: token.token),
            token: token, stored: entry.token?.id == TokenExpiry.identifier(of: token.token)
        )
    }

    /// Records that the keyring now holds `token` for `server` (its one-way name and expiry only).
    public func recordStored(_ token: OpenShiftToken, for server: String) {
        _ = try? config.update { config in
            config.registries[server]?.token = TokenRecord(
                id: TokenExpiry.identifier(of: token.token), expiry: token.expiry ?? TokenExpiry.jwtExpiry(token.token)
            )
        }
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
