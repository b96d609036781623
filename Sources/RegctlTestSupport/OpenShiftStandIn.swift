import Foundation
import NIOHTTP1
import RegctlCore
import Synchronization

/// A loopback stand-in for the parts of an OpenShift cluster regctl talks to, answering as
/// the real API server does, refusals included.
///
/// It knows users and their tokens (administrators or not), and serves:
/// - `users/~` and the caller's own `useroauthaccesstokens/NAME` record;
/// - the image config `images/cluster` (administrators only; others get 403);
/// - image streams per namespace, whose `publicDockerImageRepository` names the registry's
///   public host once ``exposeRegistry(host:)`` set one (empty before, as without a route);
/// - the config maps `openshift-config-managed/default-ingress-cert` (administrators only)
///   and `oauth-serving-cert` (every authenticated user), holding leaf + ingress CA;
/// - the OAuth server's discovery, authorization and token endpoints (``OAuthServer``), for
///   users added with ``addUser(_:password:)``;
/// - secrets, service accounts and TokenRequest in namespaces (``NamespaceObjects``);
/// - `selfsubjectaccessreviews` and one image stream by name, by roles once
///   ``enforceRoles()`` is called (every authenticated user may do everything before);
/// - `/openshift/token`, the token service of the harness's token-auth registry: Basic
///   auth, the user name ignored, the password taken as the OpenShift token; once roles are
///   enforced it grants only the actions they allow.
///
/// An unknown or revoked token gets 401 everywhere.
public final class OpenShiftStandIn: Sendable {
    public let server: LoopbackHTTPSServer
    public let tokenSigner: RegistryTokenSigner
    /// The CA of the API's serving certificate and of the token signer's certificate.
    public let authority: TestCertificateAuthority
    let cluster: ClusterRecords

    /// The name clients use for the stand-in: 127.0.0.1, or a name only a proxy resolves.
    public let hostName: String

    /// Starts the stand-in with TLS from `authority` and tokens signed for `service`; its
    /// certificate also names `hostName`, which its URLs use.
    public init(authority: TestCertificateAuthority, service: String = "regctl-test-registry", hostName: String = "127.0.0.1") async throws {
        self.hostName = hostName
        let signer = RegistryTokenSigner(
            signer: try authority.issueSigningCertificate(),
            issuer: "regctl-test-openshift",
            service: service
        )
        let ingressLeaf = try authority.issueServerCertificate(for: ["oauth-openshift.apps.test"])
        let cluster = ClusterRecords(ClusterState(ingressBundle: try ingressLeaf.certificatePEM + authority.certificatePEM))
        self.cluster = cluster
        self.authority = authority
        tokenSigner = signer
        server = try await LoopbackHTTPSServer(certificate: try authority.issueServerCertificate(for: ["localhost", "127.0.0.1", hostName])) { request in
            ClusterAPI(cluster: cluster, signer: signer).respond(to: request)
        }
        cluster.state.withLock { [host = "\(hostName):\(server.port)"] in $0.issuer = "https://\(host)" }
    }

    /// Every token the cluster ever issued or was granted, and every password: what must
    /// never leak.
    public var guardedSecrets: [String] {
        cluster.state.withLock { Array($0.issued) + Array($0.passwords.values) }
    }

    /// Adds `user` with `password` to the cluster's identity provider (htpasswd, say), for
    /// the OAuth server's password login.
    public func addUser(_ user: String, password: String) {
        cluster.state.withLock { $0.passwords[user] = password }
    }

    /// The Secret `name` of `namespace`, as the API holds it.
    public func secret(_ name: String, namespace: String) -> JSONValue? {
        cluster.state.withLock { $0.secrets["\(namespace)/\(name)"] }
    }

    /// Every Secret, by `namespace/name`.
    public var secrets: [String: JSONValue] { cluster.state.withLock { $0.secrets } }

    /// The names in `imagePullSecrets` of a service account.
    public func imagePullSecrets(of account: String, namespace: String) -> [String] {
        cluster.state.withLock { $0.imagePullSecrets["\(namespace)/\(account)"] ?? [] }
    }

    /// How many code exchanges passed every check, the PKCE verifier's included.
    public var verifiedCodeExchanges: Int { cluster.state.withLock { $0.verifiedExchanges } }

    /// The API server URL, as a kubeconfig's `cluster.server` names it.
    public var apiServer: String { "https://\(hostName):\(server.port)" }

    /// The realm the registry sends clients to.
    public var tokenRealm: String { "https://\(hostName):\(server.port)/openshift/token" }

    /// Makes `token` a valid OpenShift token of `user`, created now and lasting `expiresIn`
    /// seconds (0: never expires); `admin` users may read the administrators' objects.
    public func grant(token: String, to user: String, admin: Bool = false, expiresIn: Int = 86_400) {
        cluster.state.withLock {
            $0.tokens[token] = .init(user: user, admin: admin, created: Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)), expiresIn: expiresIn)
        }
    }

    /// Makes `token` unknown from now on, as `oc logout` or an expiry would.
    public func revoke(token: String) {
        _ = cluster.state.withLock { $0.tokens.removeValue(forKey: token) }
    }

    /// When `token` expires by its record (`creationTimestamp + expiresIn`), nil if never or unknown.
    public func expiry(of token: String) -> Date? {
        cluster.state.withLock { state in
            state.tokens[token].flatMap { $0.expiresIn == 0 ? nil : $0.created + TimeInterval($0.expiresIn) }
        }
    }

    /// Exposes the registry under `host` (as `defaultRoute: true` does), or hides it (nil).
    public func exposeRegistry(host: String?) {
        cluster.state.withLock { $0.registryHost = host }
    }

    /// Exposes the registry under `host` unless one is exposed already: the cluster's own
    /// registry, as a registry whose tokens this stand-in issues is.
    public func exposeRegistryIfNone(host: String) {
        cluster.state.withLock { if $0.registryHost == nil { $0.registryHost = host } }
    }

    /// From now on `users/~` answers 503 (the server is currently unable to handle the request).
    public func failUserLookup() {
        cluster.state.withLock { $0.userLookupFails = true }
    }

    /// Adds an image stream `name` to `namespace`.
    public func addImageStream(_ name: String, namespace: String) {
        cluster.state.withLock { $0.imageStreams[namespace, default: []].append(name) }
    }

    /// Names `issuer` as the OAuth server in the discovery document instead of the stand-in
    /// itself: an OAuth server on another host.
    public func setOAuthIssuer(_ issuer: String) {
        cluster.state.withLock { $0.issuer = issuer }
    }

    /// Sets the `ca-bundle.crt` both ingress config maps hold.
    public func setIngressBundle(_ pem: String) {
        cluster.state.withLock { $0.ingressBundle = pem }
    }

    /// Serves the stand-in again on a new port, with a certificate of `authority`: the token
    /// service as it is reached behind a registry route with a certificate of its own.
    public func endpoint(certifiedBy authority: TestCertificateAuthority, names: [String] = ["localhost", "127.0.0.1"]) async throws -> LoopbackHTTPSServer {
        let cluster = cluster, signer = tokenSigner
        return try await LoopbackHTTPSServer(certificate: try authority.issueServerCertificate(for: names)) { request in
            ClusterAPI(cluster: cluster, signer: signer).respond(to: request)
        }
    }

    /// The paths of the requests served so far, in order.
    public var requestedPaths: [String] { cluster.state.withLock { $0.requestedPaths } }

    public func stop() async { await server.stop() }
}

/// What the stand-in cluster holds.
struct ClusterState: Sendable {
    struct Token: Sendable {
        let user: String
        let admin: Bool
        let created: Date
        let expiresIn: Int
    }

    var tokens: [String: Token] = [:] {
        didSet { issued.formUnion(tokens.keys) }
    }
    /// Every token the cluster ever knew, revoked ones included.
    var issued: Set<String> = []
    var registryHost: String?
    /// Whether `users/~` answers 503, as an API server under load may.
    var userLookupFails = false
    var imageStreams: [String: [String]] = ["openshift": ["cli", "tools"]]
    var ingressBundle: String
    var requestedPaths: [String] = []
    /// The OAuth server's issuer: the stand-in's own URL.
    var issuer = ""
    var passwords: [String: String] = [:]
    var codes: [String: Code] = [:]
    var verifiedExchanges = 0
    /// Secrets by `namespace/name`, as stored (with `metadata.resourceVersion`).
    var secrets: [String: JSONValue] = [:]
    /// `imagePullSecrets` names by `namespace/service-account`.
    var imagePullSecrets: [String: [String]] = [:]
    var resourceVersion = 100
    /// The longest service-account token the cluster grants, in seconds.
    var serviceAccountTokenLimit = 2 * 365 * 86_400
    /// Whether RBAC decides (``OpenShiftStandIn/enforceRoles()``); before, everyone may.
    var enforcingRoles = false
    var roleBindings: [RoleBinding] = []
    var accessReviews: [AccessReviewRecord] = []

    /// An authorization code, bound to its user, PKCE challenge and redirect URI.
    struct Code: Sendable {
        let user: String
        let challenge: String
        let method: String
        let redirect: String
    }
}

/// The stand-in's cluster, shared by its owner and its request handler.
final class ClusterRecords: Sendable {
    let state: Mutex<ClusterState>

    init(_ state: ClusterState) { self.state = Mutex(state) }
}
