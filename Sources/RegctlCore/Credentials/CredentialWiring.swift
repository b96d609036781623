import FoundationEssentials

/// Saves a verified credential where the clients will find it: the secret in its store,
/// both auth files pointing at it, and regctl's config entry.
///
/// Every file is checked before the first change, so bad input changes nothing.
public struct CredentialWiring: Sendable {
    let keyring: any CredentialStore
    let authFiles: AuthFiles
    let config: RegctlConfigFile
    let log = StepLog.logger("credentials")

    public init(keyring: any CredentialStore, authFiles: AuthFiles, config: RegctlConfigFile) {
        self.keyring = keyring
        self.authFiles = authFiles
        self.config = config
    }

    /// The wiring of the auth files and config that `environment` names.
    public init(environment: RegctlEnvironment, keyring: any CredentialStore) {
        self.init(
            keyring: keyring,
            authFiles: AuthFiles(locations: AuthFileLocations(environment: environment)),
            config: RegctlConfigFile(environment: environment)
        )
    }

    /// What ``save(_:for:in:binding:)`` did.
    public struct Outcome: Sendable {
        /// For the user: the unencrypted file store says so.
        public var warnings: [String] = []
        /// Whether anything was written; false when all of it was in place already.
        public var changed = false
        /// Whether the secret is kept in the chosen store: false for a bound login made while
        /// the keyring could not be reached (the helper serves the context's token instead).
        public var copyStored = true
    }

    /// Stores `credential` for `host` in `store` and wires both auth files to it. What is
    /// already in place is left alone: the same secret is not stored again. `account`: the
    /// credential is the registry's own account (see ``RegctlConfig/Registry/account``).
    @discardableResult
    public func save(
        _ credential: Credential,
        for host: RegistryHost,
        in store: CredentialStoreKind,
        binding: KubeconfigBinding? = nil,
        tokenExpiry: Date? = nil,
        account: Bool = false
    ) throws -> Outcome {
        Redactor.shared.register(credential.secret)
        try authFiles.check()
        let earlier = try config.load().registries[host.description]
        var outcome = Outcome()
        switch store {
        case .secretService:
            do {
                if try keyring.get(server: host.description) != credential {
                    log.debug("storing the credential for \(host) in the keyring")
                    try keyring.store(credential)
                    outcome.changed = true
                }
            } catch {
                // A bound login works without a copy: the helper serves the context's token.
                guard let binding, error.status == .storeUnavailable else { throw error }
                outcome.copyStored = false
                outcome.warnings.append(
                    "\(error.message); no copy is stored: the credential helper serves the token of kubeconfig context \(binding.context) itself"
                )
            }
            log.debug("pointing auth.json and config.json at docker-credential-\(AuthFiles.helperSuffix) for \(host)")
            outcome.changed = try authFiles.useHelper(for: host) || outcome.changed
        case .file:
            outcome.changed = try authFiles.storePlain(credential, for: host)
            outcome.warnings.append("the secret for \(host) is stored unencrypted (base64) in the auth files, as you asked with --store file")
            if earlier?.store == .secretService { outcome.warnings += dropKeyringCopy(of: host) }
        }
        let tokenName = try TokenNames(config: config).makeName(of: credential.secret)
        outcome.changed = try config.update { config in
            config.registries[host.description] = .init(
                store: store, username: credential.username, binding: binding,
                token: .init(id: tokenName, expiry: tokenExpiry), account: account
            )
        } || outcome.changed
        return outcome
    }

    /// A `--store file` login replaces a keyring login: the keyring's item goes too, or, when
    /// the keyring cannot be reached, a warning says that it stays.
    private func dropKeyringCopy(of host: RegistryHost) -> [String] {
        do {
            try keyring.erase(server: host.description)
            log.debug("removed the keyring's copy of the earlier login to \(host)")
            return []
        } catch {
            return ["\(error.message); the keyring's copy of the earlier login to \(host) stays there until regctl logout \(host) runs while the keyring can be reached"]
        }
    }
}
