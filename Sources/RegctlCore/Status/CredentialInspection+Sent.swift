import FoundationEssentials

extension CredentialInspection {
    /// The credential under inspection: its secret, where it comes from, and the bound token.
    struct Sent {
        var secret: String?
        var source = CredentialStatus.Source.none
        var boundToken: OpenShiftToken?
        /// A bound login whose exec plugin gives the token: status does not run it.
        var fromPlugin = false
        /// Why the context the login is bound to gave no token, when the stored copy serves instead.
        var bindingProblem: KubeconfigError?
        /// Why the keyring could not be read.
        var keyringFailure: (any RegctlError)?
    }

    /// What podman would send: the resolver's answer, without running an exec plugin. When
    /// the files send podman nowhere (the wiring check says so), the credential regctl's
    /// helper would serve once they do.
    func credential(_ host: RegistryHost, entry: RegctlConfig.Registry?, found: CredentialLookup) async -> Sent {
        let resolver = CredentialResolver(environment: environment, keyring: keyring)
        var sent = Sent()
        let source: CredentialResolver.Source
        do {
            let lookup = found.answer == .none && entry?.store == .secretService ? CredentialLookup(answer: .helper(AuthFiles.helperSuffix), file: nil, entry: nil) : found
            let served = try resolver.source(of: lookup, for: host.description, entry: entry, plugins: .skip, load: caches.kubeconfig(of:))
            source = served.source
            if case .keyring = source, served.problem == nil, entry?.binding != nil { sent.fromPlugin = true }
            sent.bindingProblem = served.problem
        } catch {
            source = .none
        }
        switch source {
        case .kubeconfig(let current): (sent.secret, sent.source, sent.boundToken) = (current.token.token, .kubeconfig, current.token)
        case .plain(let credential): (sent.secret, sent.source) = (credential.secret, .authFile)
        case .otherHelper: sent.source = .otherHelper
        case .none: break
        case .keyring:
            do {
                let (keyring, caches) = (keyring, caches)
                let kept = try await onOwnThread { try caches.readKeyring { try keyring.get(server: host.description) } }.value
                if let kept { (sent.secret, sent.source) = (kept.secret, .keyring) }
            } catch {
                sent.keyringFailure = error as? any RegctlError ?? CredentialError.storeFailed("\(error)")
            }
        }
        return sent
    }
}
