import Crypto
import Foundation
import NIOHTTP1
import OrderedCollections
import RegctlCore
import Synchronization

/// The endpoints of ``OpenShiftStandIn``, answering as the real API server does: Kubernetes
/// `Status` objects for refusals, 401 for an unknown token, 403 where RBAC says no.
struct ClusterAPI {
    let cluster: ClusterRecords
    let signer: RegistryTokenSigner

    static let internalRegistry = "image-registry.openshift-image-registry.svc:5000"

    func respond(to request: HTTPRequest) -> HTTPResponse {
        let snapshot = cluster.state.withLock { state in
            state.requestedPaths.append(request.path)
            return state
        }
        if let answer = OAuthServer(cluster: cluster).respond(to: request) { return answer }
        if request.path == "/openshift/token", request.method == .GET { return registryToken(request, snapshot) }
        guard let token = Self.bearerToken(request.headers), let caller = snapshot.tokens[token] else {
            return Self.status(.unauthorized, "Unauthorized")
        }
        if let answer = NamespaceObjects(cluster: cluster).respond(to: request, caller: caller) { return answer }
        if let answer = AccessReviews(cluster: cluster).respond(to: request, caller: caller) { return answer }
        if let answer = ImageStreamObjects(snapshot: snapshot).respond(to: request, caller: caller) { return answer }
        guard request.method == .GET else { return Self.status(.methodNotAllowed, "the server does not allow this method") }
        let parts = request.path.split(separator: "/").map(String.init)
        switch parts {
        case ["apis", "user.openshift.io", "v1", "users", "~"]:
            if snapshot.userLookupFails { return Self.status(.serviceUnavailable, "the server is currently unable to handle the request") }
            return .json(.ok, ["kind": "User", "apiVersion": "user.openshift.io/v1", "metadata": ["name": .string(caller.user)]])
        case ["apis", "config.openshift.io", "v1", "images", "cluster"]:
            guard caller.admin else {
                return Self.forbidden(caller, #"images.config.openshift.io "cluster" is forbidden"#, "get", "images", group: "config.openshift.io")
            }
            var status: JSONValue = ["internalRegistryHostname": .string(Self.internalRegistry)]
            if let host = snapshot.registryHost { status["externalRegistryHostnames"] = [.string(host)] }
            return .json(.ok, ["kind": "Image", "apiVersion": "config.openshift.io/v1", "metadata": ["name": "cluster"], "status": status])
        case ["api", "v1", "namespaces", "openshift-config-managed", "configmaps", "oauth-serving-cert"],
             ["api", "v1", "namespaces", "openshift-config-managed", "configmaps", "default-ingress-cert"]:
            let name = parts[5]
            guard caller.admin || name == "oauth-serving-cert" else {
                return Self.forbidden(caller, #"configmaps "\#(name)" is forbidden"#, "get", "configmaps", namespace: "openshift-config-managed")
            }
            return .json(.ok, [
                "kind": "ConfigMap", "apiVersion": "v1",
                "metadata": ["name": .string(name), "namespace": "openshift-config-managed"],
                "data": ["ca-bundle.crt": .string(snapshot.ingressBundle)],
            ])
        case let path where path.count == 5 && path.starts(with: ["apis", "oauth.openshift.io", "v1", "useroauthaccesstokens"]):
            guard token.hasPrefix("sha256~"), path[4] == Self.recordName(of: token) else {
                return Self.status(.notFound, #"useroauthaccesstokens.oauth.openshift.io "\#(path[4])" not found"#)
            }
            return .json(.ok, [
                "kind": "UserOAuthAccessToken", "apiVersion": "oauth.openshift.io/v1",
                "metadata": ["name": .string(path[4]), "creationTimestamp": .string(caller.created.formatted(.iso8601))],
                "clientName": "openshift-challenging-client", "expiresIn": .number(String(caller.expiresIn)),
                "scopes": ["user:full"], "userName": .string(caller.user),
            ])
        default:
            return Self.status(.notFound, "the server could not find the requested resource")
        }
    }

    /// `sha256~` + base64url(SHA-256(the token without its prefix)), unpadded.
    static func recordName(of token: String) -> String {
        "sha256~" + Data(SHA256.hash(data: Data(token.dropFirst("sha256~".count).utf8))).base64URL
    }

    /// A token with the scopes asked for, as far as ``ClusterState/registryGrants(_:to:)`` allows.
    private func registryToken(_ request: HTTPRequest, _ snapshot: ClusterState) -> HTTPResponse {
        guard let password = Self.basicPassword(request.headers), let caller = snapshot.tokens[password] else {
            var response = Self.status(.unauthorized, "authentication required")
            response.headers.add(name: "WWW-Authenticate", value: #"Basic realm="openshift""#)
            return response
        }
        let requested = request.queryValues("scope").compactMap(RegistryAccess.init(scope:))
        let access = cluster.state.withLock { $0.registryGrants(requested, to: caller) }
        do {
            let token = try signer.token(subject: caller.user, access: access)
            return .json(.ok, ["token": .string(token), "access_token": .string(token)])
        } catch {
            return Self.status(.internalServerError, "\(error)")
        }
    }

    static func status(_ code: HTTPResponseStatus, _ message: String) -> HTTPResponse {
        .json(code, [
            "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure",
            "message": .string(message), "reason": .string(code.reasonPhrase.replacingOccurrences(of: " ", with: "")), "code": .number(String(code.code)),
        ])
    }

    static func forbidden(_ caller: ClusterState.Token, _ what: String, _ verb: String, _ resource: String, group: String? = nil, namespace: String? = nil) -> HTTPResponse {
        let groupText = group.map { #" in API group "\#($0)""# } ?? #" in API group """#
        let scope = namespace.map { #" in the namespace "\#($0)""# } ?? " at the cluster scope"
        return Self.status(.forbidden, #"\#(what): User "\#(caller.user)" cannot \#(verb) resource "\#(resource)"\#(groupText)\#(scope)"#)
    }

    private static func bearerToken(_ headers: HTTPHeaders) -> String? {
        guard let value = headers.first(name: "Authorization"), value.lowercased().hasPrefix("bearer ") else { return nil }
        return String(value.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    }

    private static func basicPassword(_ headers: HTTPHeaders) -> String? {
        guard let value = headers.first(name: "Authorization"), value.lowercased().hasPrefix("basic "),
              let decoded = Data(base64Encoded: String(value.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
              let pair = String(data: decoded, encoding: .utf8),
              let colon = pair.firstIndex(of: ":")
        else { return nil }
        return String(pair[pair.index(after: colon)...])
    }
}

extension HTTPResponse {
    static func json(_ status: HTTPResponseStatus, _ value: JSONValue) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: Data(value.serialized(indent: nil).utf8))
    }
}

extension JSONValue: ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral,
    ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(OrderedDictionary(uniqueKeysWithValues: elements))
    }

    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(String(value)) }
}
