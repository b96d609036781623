import FoundationEssentials
import Synchronization
import X509

/// What several registries' checks share in one `regctl status` run: each kubeconfig is
/// read once, and each token's expiry asked once.
final class StatusCaches: Sendable {
    let environment: RegctlEnvironment
    private let kubeconfigs = Mutex<[String: Result<Kubeconfig, KubeconfigError>]>([:])
    private let expiries = Mutex<[String: Task<Date?, Never>]>([:])
    private let keyringTurn = Mutex(())
    private let clients = Mutex<[[String]: HTTPSClient]>([:])

    init(environment: RegctlEnvironment) {
        self.environment = environment
    }

    /// The kubeconfig `binding` names, read once for all the logins bound to it.
    func kubeconfig(of binding: KubeconfigBinding) throws(KubeconfigError) -> Kubeconfig {
        let key = binding.files.joined(separator: ":")
        let result = kubeconfigs.withLock { cache in
            if let known = cache[key] { return known }
            let loaded = Result { () throws(KubeconfigError) in try binding.kubeconfig(environment: environment) }
            cache[key] = loaded
            return loaded
        }
        return try result.get()
    }

    /// One HTTPS client per set of CAs, shared by the registries that trust them.
    func client(trusting roots: [Certificate]) throws -> HTTPSClient {
        try clients.withLock { cache in
            let key = roots.map(CertificateSummary.fingerprint(of:))
            if let known = cache[key] { return known }
            let client = try HTTPSClient(.systemAnd(roots))
            cache[key] = client
            return client
        }
    }

    /// Closes the shared clients.
    func shutdown() async {
        for client in clients.withLock({ Array($0.values) }) { await client.shutdown() }
    }

    /// `keyring`, called one call at a time: its D-Bus connection limits pending replies.
    func oneCallAtATime(_ keyring: any CredentialStore) -> any CredentialStore {
        OneCallAtATime(keyring: keyring, caches: self)
    }

    private struct OneCallAtATime: CredentialStore {
        let keyring: any CredentialStore
        let caches: StatusCaches

        private func inTurn<T>(_ call: () throws(CredentialError) -> T) throws(CredentialError) -> T {
            try caches.keyringTurn.withLock { _ throws(CredentialError) in try call() }
        }

        func get(server: String) throws(CredentialError) -> Credential? { try inTurn { () throws(CredentialError) in try keyring.get(server: server) } }
        func store(_ credential: Credential) throws(CredentialError) { try inTurn { () throws(CredentialError) in try keyring.store(credential) } }
        func erase(server: String) throws(CredentialError) { try inTurn { () throws(CredentialError) in try keyring.erase(server: server) } }
        func list() throws(CredentialError) -> [String: String] { try inTurn { () throws(CredentialError) in try keyring.list() } }
    }

    /// The expiry of `token`, asked of its cluster once however many registries use it.
    func expiry(of token: OpenShiftToken) async -> Date? {
        await expiryTask(token).value
    }

    /// Starts asking for the expiry of `token`, for ``expiry(of:)`` to find.
    func prefetchExpiry(of token: OpenShiftToken) {
        _ = expiryTask(token)
    }

    private func expiryTask(_ token: OpenShiftToken) -> Task<Date?, Never> {
        expiries.withLock { cache in
            if let known = cache[token.token] { return known }
            let task = Task { await TokenExpiry.of(token) }
            cache[token.token] = task
            return task
        }
    }
}
