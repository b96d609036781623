import FoundationEssentials

/// Which store keeps a registry's secret: `--store secret-service|file`.
public enum CredentialStoreKind: String, Codable, Sendable, CaseIterable {
    case secretService = "secret-service"
    case file
}

/// Where a login's token came from: a kubeconfig context (no secret). The binding holds
/// only while that context, in exactly those files, still names that cluster.
public struct KubeconfigBinding: Sendable, Equatable {
    public let context: String
    /// The cluster's server URL when the login was made.
    public let cluster: String
    /// The kubeconfig files, absolute, in the order they were read (as `KUBECONFIG` lists
    /// them); empty for a binding recorded without them, which follows the caller's kubeconfig.
    public let files: [String]

    public init(context: String, cluster: String, files: [String]) {
        self.context = context
        self.cluster = cluster
        self.files = files
    }
}

/// What regctl remembers of the token it stored: which one (its
/// ``TokenNames`` name, which does not reveal it, never the token) and, when known, when
/// it expires. For a login bound to a kubeconfig context it tells whether the keyring's copy
/// is the context's current token.
public struct TokenRecord: Encodable, Sendable, Equatable {
    public var id: String
    public var expiry: Date?

    public init(id: String, expiry: Date?) {
        self.id = id
        self.expiry = expiry
    }
}

/// regctl's own configuration: the registries it manages. It never holds a secret.
public struct RegctlConfig: Encodable, Sendable, Equatable {
    /// One registry regctl logged in to.
    public struct Registry: Encodable, Sendable, Equatable {
        public var store: CredentialStoreKind
        public var username: String
        /// The kubeconfig context the login took its token from, if any.
        public var context: String?
        /// That context's cluster server URL.
        public var cluster: String?
        /// The kubeconfig files the context was read from, absolute, `:`-separated.
        public var kubeconfig: String?
        /// Which token was stored, and its expiry when known (not a secret).
        public var token: TokenRecord?
        /// Whether this is a login with the registry's own account (`-u USER --password-stdin`),
        /// whose stored secret `regctl login HOST` checks and wires again, as `podman login HOST`
        /// does with existing credentials.
        public var account: Bool {
            get { accountLogin == true }
            set { accountLogin = newValue ? true : nil }
        }
        /// ``account``, written only when true.
        private var accountLogin: Bool?

        enum CodingKeys: String, CodingKey {
            case store, username, context, cluster, kubeconfig, token
            case accountLogin = "account"
        }

        public init(
            store: CredentialStoreKind, username: String, binding: KubeconfigBinding? = nil, token: TokenRecord? = nil, account: Bool = false
        ) {
            self.store = store
            self.username = username
            self.accountLogin = account ? true : nil
            context = binding?.context
            cluster = binding?.cluster
            kubeconfig = binding.map { $0.files.joined(separator: ":") }
            self.token = token
        }

        /// The kubeconfig context this login follows, if any.
        public var binding: KubeconfigBinding? {
            context.map { KubeconfigBinding(context: $0, cluster: cluster ?? "", files: kubeconfig?.split(separator: ":").map(String.init) ?? []) }
        }
    }

    public var registries: [String: Registry] = [:]
    /// The engine `regctl push` and `pull` hand over to, when neither `--engine` nor
    /// `REGCTL_ENGINE` says.
    public var engine: ContainerEngine?

    public init() {}
}

/// `${XDG_CONFIG_HOME:-~/.config}/regctl/config.json`, read and updated under a lock.
public struct RegctlConfigFile: Sendable {
    public let url: URL

    public init(environment: RegctlEnvironment) {
        let base = environment.variables["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? environment.home.appendingPathComponent(".config")
        url = base.appendingPathComponent("regctl/config.json")
    }

    /// The configuration; an empty one when the file does not exist yet.
    public func load() throws(AuthFileError) -> RegctlConfig {
        try Self.decode(LockedFile.contents(of: url), path: url.path)
    }

    /// Changes the configuration atomically under the lock; returns whether it changed.
    @discardableResult
    public func update(_ change: (inout RegctlConfig) -> Void) throws(AuthFileError) -> Bool {
        var changed = false
        try LockedFile.update(url) { current throws(AuthFileError) in
            var config = try Self.decode(current, path: url.path)
            let before = config
            change(&config)
            guard config != before else { return nil }
            changed = true
            return Self.text(of: config)
        }
        return changed
    }

    /// The file's text for `config`: sorted keys, times in ISO 8601 to the second.
    public static func text(of config: RegctlConfig) -> Data? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return (try? encoder.encode(config)).map { $0 + Data("\n".utf8) }
    }

    /// The configuration the file's text `data` holds (nil or blank: an empty one).
    public static func decode(_ data: Data?, path: String) throws(AuthFileError) -> RegctlConfig {
        guard let data, !data.allSatisfy({ [9, 10, 13, 32].contains($0) }) else { return RegctlConfig() }
        let json: JSONValue
        do {
            json = try JSONValue(parsing: String(decoding: data, as: UTF8.self))
        } catch {
            throw .malformed(path: path, detail: error.description)
        }
        do {
            return try RegctlConfig(json: json)
        } catch {
            throw .wrongShape(path: path, detail: error.detail)
        }
    }
}
