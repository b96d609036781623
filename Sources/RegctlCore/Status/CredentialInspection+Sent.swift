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
        var sent = Sent()
        let resolution: CredentialResolver.Resolution
        do {
            let lookup = found.answer == .none && entry?.store == .secretService ? CredentialLookup(answer: .helper(AuthFiles.helperSuffix), file: nil, entry: nil) : found
            let caches = caches
            resolution = try await CredentialResolver(environment: environment, keyring: caches.oneCallAtATime(keyring))
                .resolve(host, for: .containers, entry: entry, plugins: .skip, lookup: lookup) { binding throws(KubeconfigError) in try caches.kubeconfig(of: binding) }
        } catch {
            return sent
        }
        sent.bindingProblem = resolution.bindingProblem
        switch resolution.source {
        case .kubeconfig(let current): (sent.source, sent.boundToken) = (.kubeconfig, current.token)
        case .plain: sent.source = .authFile
        case .otherHelper: sent.source = .otherHelper
        case .none: return sent
        case .keyring:
            if resolution.bindingProblem == nil, entry?.binding != nil { sent.fromPlugin = true }
        }
        do {
            guard let credential = try await resolution.credential() else { return sent }
            sent.secret = credential.secret
            if case .keyring = resolution.source { sent.source = .keyring }
        } catch {
            sent.keyringFailure = error as? any RegctlError ?? CredentialError.storeFailed("\(error)")
        }
        return sent
    }
}
