import FoundationEssentials

/// What `regctl pull-secret` was asked to do.
public struct PullSecretRequest: Sendable {
    public var host: RegistryHost
    /// The Secret's name; nil: the host's name with `-pull` (as a Kubernetes name).
    public var name: String?
    /// nil: the namespace of the context the login is bound to.
    public var namespace: String?
    /// The service account whose token goes into the secret; nil: the credential podman
    /// uses for the registry, the user's own (`--from-login`).
    public var serviceAccount: String?
    /// How long the service account's token should last (the cluster may grant less).
    public var duration: Int
    /// Create or update the Secret in the cluster, instead of only printing it.
    public var apply: Bool
    /// With `apply`: the service account whose `imagePullSecrets` should name the Secret.
    public var link: String?
    /// The kubeconfig context whose cluster mints the token and takes the Secret; nil: the
    /// cluster the login is bound to.
    public var context: String?
    /// `--yes`: `context` serves even when its cluster does not name HOST as its registry.
    public var confirmed: Bool

    public static let defaultDuration = 365 * 86_400
    /// The service account whose token a pull secret holds unless told otherwise: every
    /// namespace has it, and it holds only the rights granted to it.
    public static let defaultServiceAccount = "default"

    public init(
        host: RegistryHost, name: String? = nil, namespace: String? = nil, serviceAccount: String? = defaultServiceAccount,
        duration: Int = defaultDuration, apply: Bool = false, link: String? = nil, context: String? = nil, confirmed: Bool = false
    ) {
        self.host = host
        self.name = name
        self.namespace = namespace
        self.serviceAccount = serviceAccount
        self.duration = duration
        self.apply = apply
        self.link = link
        self.context = context
        self.confirmed = confirmed
    }

    /// The seconds of a lifetime such as `8760h`, `30d` or `1d12h` (units s, m, h, d); nil
    /// for anything else or less than TokenRequest's minimum of ten minutes.
    public static func seconds(of text: String) -> Int? {
        var total = 0
        var number = ""
        for character in text {
            if character.isASCII, character.isNumber {
                number.append(character)
                continue
            }
            guard let unit = ["s": 1, "m": 60, "h": 3600, "d": 86_400][String(character)], let value = Int(number) else { return nil }
            total += value * unit
            number = ""
        }
        return number.isEmpty && total >= 600 ? total : nil
    }

    /// The Secret's name: `name`, else the host as a Kubernetes name with `-pull`.
    var secretName: String {
        name ?? host.description.lowercased().map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" ? String($0) : "-" }.joined() + "-pull"
    }
}

/// What `regctl pull-secret` made and did.
public struct PullSecretReport: Sendable {
    public enum Change: String, Sendable, Codable {
        case created, updated, unchanged, linked, alreadyLinked = "already-linked"
    }

    /// The Secret, as the API takes it.
    public let secret: JSONValue
    public let name: String
    public let namespace: String
    /// Whose credential it holds: the registry user name, or the service account.
    public let username: String
    public let serviceAccount: String?
    /// When the credential in it stops working, where that is known.
    public let expiry: Date?
    /// With `apply`: what happened to the Secret, then to the service account's list.
    public let changes: [Change]
    public let warnings: [String]
}

/// Why `regctl pull-secret` made no secret.
public enum PullSecretError: RegctlError, Equatable {
    /// `fix`: the login made, or wired again (``Fixes``).
    case notLoggedIn(RegistryHost, fix: Fix)
    case noCluster(RegistryHost)
    case clusterNotNamingHost(RegistryHost, context: String, concerns: [String])
    case noNamespace(RegistryHost)
    case badName(String)
    case serviceAccountRejected(host: RegistryHost, serviceAccount: String, namespace: String)
    case tokenRequestFailed(serviceAccount: String, detail: String)
    case applyFailed(String)

    public var message: String {
        switch self {
        case .notLoggedIn(let host, _): "regctl holds no credential for \(host)"
        case .noCluster(let host):
            "the login to \(host) is not bound to a cluster, and regctl does not take a token or apply a secret on whichever cluster the current context names"
        case .clusterNotNamingHost(_, _, let concerns): concerns.joined(separator: "; ")
        case .noNamespace(let host): "no namespace for the secret: the login to \(host) is not bound to a kubeconfig context with one"
        case .badName(let name): "\(name) is not a valid Kubernetes name (lowercase letters, digits, '-' and '.')"
        case .serviceAccountRejected(let host, let account, let namespace):
            "\(host) rejects the token of service account \(namespace)/\(account)"
        case .tokenRequestFailed(let account, let detail): "the cluster gave no token for service account \(account): \(detail)"
        case .applyFailed(let detail): "the cluster did not take the secret: \(detail)"
        }
    }

    public var fix: Fix? {
        switch self {
        case .notLoggedIn(_, let fix): fix
        case .noCluster(let host):
            .act("Choose the cluster: log in from it (regctl login \(host) --context C), or add --context C (and --yes if it does not name \(host) as its registry); --from-login without --apply needs no cluster.")
        case .clusterNotNamingHost(let host, let context, _):
            .act("Add --yes to use context \(context) all the same, or choose a cluster that names \(host) as its registry with --context.")
        case .noNamespace: .act("Name it with --namespace.")
        case .badName: .act("Choose another with --name.")
        case .serviceAccountRejected(_, let account, let namespace):
            .run("oc policy add-role-to-user system:image-puller system:serviceaccount:\(namespace):\(account) -n \(namespace)", note: "lets it pull; needs the admin role in \(namespace)")
        case .tokenRequestFailed, .applyFailed: nil
        }
    }

    public var status: ExitStatus {
        switch self {
        case .noCluster, .clusterNotNamingHost, .noNamespace, .badName: .usage
        default: .failed
        }
    }
}

extension PullSecretRequest {
    /// A Secret of type `kubernetes.io/dockerconfigjson` for `credential`, as `oc create
    /// secret docker-registry` makes it.
    static func secret(name: String, namespace: String, credential: Credential) -> JSONValue {
        let pair = Data("\(credential.username):\(credential.secret)".utf8).base64EncodedString()
        let config: JSONValue = .object(["auths": .object([
            credential.server: .object([
                "username": .string(credential.username), "password": .string(credential.secret), "auth": .string(pair),
            ]),
        ])])
        return .object([
            "apiVersion": .string("v1"), "kind": .string("Secret"),
            "metadata": .object(["name": .string(name), "namespace": .string(namespace)]),
            "type": .string("kubernetes.io/dockerconfigjson"),
            "data": .object([".dockerconfigjson": .string(Data(config.serialized(indent: nil).utf8).base64EncodedString())]),
        ])
    }
}
