extension Fixes {
    /// For a login whose client would send nothing for `host`, as `source` says: the auth
    /// files wired again when none routes the host to regctl's helper, else the secret stored
    /// again (the keyring lost its copy: an account's password, a bound login's new token).
    func missingCredential(_ host: RegistryHost, entry: RegctlConfig.Registry, source: CredentialResolver.Source) -> Fix {
        if case .keyring = source { return renewal(host, entry: entry) }
        return rewiring(host, entry: entry)
    }
}
