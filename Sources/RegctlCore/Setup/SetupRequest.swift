import FoundationEssentials

/// What `regctl setup` was asked to do.
public struct SetupRequest: Sendable {
    /// The registry; nil: ask the cluster for its public host.
    public var host: RegistryHost?
    /// The kubeconfig context (nil: the current one) and file (nil: the usual resolution).
    public var context: String?
    public var kubeconfig: String?
    /// A CA bundle to install instead of searching the cluster for one.
    public var caFile: String?
    /// The fingerprints of the CA's certificates, one for each; confirm a CA taken from the
    /// registry's handshake.
    public var fingerprints: [String]
    /// Accept the CA the registry presents without a fingerprint (trust on first use).
    public var assumeYes: Bool
    public var scope: TrustScope
    public var store: CredentialStoreKind
    /// A user name and password to get the token with, instead of the kubeconfig.
    public var password: PasswordCredentials?

    public init(
        host: RegistryHost? = nil, context: String? = nil, kubeconfig: String? = nil, caFile: String? = nil,
        fingerprints: [String] = [], assumeYes: Bool = false, scope: TrustScope = .all, store: CredentialStoreKind = .secretService,
        password: PasswordCredentials? = nil
    ) {
        self.password = password
        self.host = host
        self.context = context
        self.kubeconfig = kubeconfig
        self.caFile = caFile
        self.fingerprints = fingerprints
        self.assumeYes = assumeYes
        self.scope = scope
        self.store = store
    }

    /// This request for `host`, confirmed by `fingerprints`, as a person would type it.
    func commandLine(host: RegistryHost?, fingerprints: [String]) -> String {
        var words = ["regctl", "setup"] + (host.map { [$0.description] } ?? [])
        if let context { words += ["--context", context] }
        if let kubeconfig { words += ["--kubeconfig", kubeconfig] }
        if let password {
            words += ["--server", password.server, "--username", password.username]
            if let file = password.certificateAuthorityFile { words += ["--certificate-authority", file] }
        }
        if let caFile { words += ["--ca-file", caFile] }
        words += fingerprints.flatMap { ["--fingerprint", $0] }
        if scope != .all { words += ["--scope", scope.rawValue] }
        if store != .secretService { words += ["--store", store.rawValue] }
        if assumeYes { words.append("--yes") }
        return words.map(ShellWords.quoted).joined(separator: " ")
    }
}
