import Foundation
import NIOHTTP1
import RegctlCore

/// The stand-in's namespaced objects for pull secrets, as `oc create secret docker-registry`
/// and `oc secrets link` use them on a real cluster: secrets
/// (get, create, replace), service accounts (get, JSON-patch of `imagePullSecrets`) and
/// TokenRequest. Every namespace has the service accounts `builder`, `default` and
/// `deployer`. A user administers the namespace named after them (as a project they
/// created); administrators every namespace; anyone else is refused with 403, as RBAC says.
struct NamespaceObjects {
    let cluster: ClusterRecords

    static let serviceAccounts: Set<String> = ["builder", "default", "deployer"]

    /// The answer for a namespaced secret, service account or token path, else nil.
    func respond(to request: HTTPRequest, caller: ClusterState.Token) -> HTTPResponse? {
        let parts = request.path.split(separator: "/").map(String.init)
        guard parts.count >= 5, parts[0...2] == ["api", "v1", "namespaces"], ["secrets", "serviceaccounts"].contains(parts[4]) else { return nil }
        let namespace = parts[3]
        let resource = parts.count == 7 ? "serviceaccounts/token" : parts[4]
        let verb = switch request.method {
        case .GET: "get"
        case .POST: "create"
        case .PUT: "update"
        case .PATCH: "patch"
        default: "other"
        }
        guard caller.admin || caller.user == namespace else {
            return ClusterAPI.forbidden(caller, #"\#(resource) is forbidden"#, verb, resource, namespace: namespace)
        }
        let body = try? JSONValue(parsing: String(decoding: request.body, as: UTF8.self))
        switch (request.method, parts.count, parts[4]) {
        case (.GET, 6, "secrets"):
            guard let secret = cluster.state.withLock({ $0.secrets["\(namespace)/\(parts[5])"] }) else {
                return ClusterAPI.status(.notFound, #"secrets "\#(parts[5])" not found"#)
            }
            return .json(.ok, secret)
        case (.POST, 5, "secrets"):
            return store(body, namespace: namespace, name: body?["metadata"]?["name"]?.stringValue, creating: true)
        case (.PUT, 6, "secrets"):
            return store(body, namespace: namespace, name: parts[5], creating: false)
        case (.GET, 6, "serviceaccounts"):
            guard Self.serviceAccounts.contains(parts[5]) else { return ClusterAPI.status(.notFound, #"serviceaccounts "\#(parts[5])" not found"#) }
            return .json(.ok, serviceAccount(namespace: namespace, name: parts[5]))
        case (.PATCH, 6, "serviceaccounts"):
            return patch(body, namespace: namespace, name: parts[5], contentType: request.headers.first(name: "Content-Type"))
        case (.POST, 7, "serviceaccounts") where parts[6] == "token":
            return tokenRequest(body, namespace: namespace, account: parts[5])
        default:
            return ClusterAPI.status(.methodNotAllowed, "the server does not allow this method on the requested resource")
        }
    }

    private func store(_ secret: JSONValue?, namespace: String, name: String?, creating: Bool) -> HTTPResponse {
        guard var secret, let name, secret["kind"]?.stringValue == "Secret", secret["data"] != nil else {
            return ClusterAPI.status(.badRequest, "the body is not a Secret")
        }
        let key = "\(namespace)/\(name)"
        return cluster.state.withLock { state in
            let existing = state.secrets[key]
            if creating, existing != nil { return ClusterAPI.status(.conflict, #"secrets "\#(name)" already exists"#) }
            if !creating {
                guard let existing else { return ClusterAPI.status(.notFound, #"secrets "\#(name)" not found"#) }
                guard secret["metadata"]?["resourceVersion"] == existing["metadata"]?["resourceVersion"] else {
                    return ClusterAPI.status(.conflict, "the object has been modified; please apply your changes to the latest version and try again")
                }
            }
            state.resourceVersion += 1
            secret["metadata"]?["namespace"] = .string(namespace)
            secret["metadata"]?["resourceVersion"] = .string(String(state.resourceVersion))
            state.secrets[key] = secret
            return .json(creating ? .created : .ok, secret)
        }
    }

    private func serviceAccount(namespace: String, name: String) -> JSONValue {
        let pulls = cluster.state.withLock { $0.imagePullSecrets["\(namespace)/\(name)"] ?? [] }
        return [
            "kind": "ServiceAccount", "apiVersion": "v1",
            "metadata": ["name": .string(name), "namespace": .string(namespace)],
            "imagePullSecrets": .array(pulls.map { ["name": .string($0)] }),
        ]
    }

    /// The two JSON-patch forms `oc secrets link` needs: add the list, or add to it.
    private func patch(_ operations: JSONValue?, namespace: String, name: String, contentType: String?) -> HTTPResponse {
        guard Self.serviceAccounts.contains(name) else { return ClusterAPI.status(.notFound, #"serviceaccounts "\#(name)" not found"#) }
        guard contentType == "application/json-patch+json", case .array(let operations)? = operations else {
            return ClusterAPI.status(.unsupportedMediaType, "the body of the request was in an unknown format")
        }
        let key = "\(namespace)/\(name)"
        for operation in operations {
            guard operation["op"]?.stringValue == "add" else { return ClusterAPI.status(.unprocessableEntity, "only add is served here") }
            switch (operation["path"]?.stringValue, operation["value"]) {
            case ("/imagePullSecrets", .array(let items)?):
                cluster.state.withLock { $0.imagePullSecrets[key] = items.compactMap { $0["name"]?.stringValue } }
            case ("/imagePullSecrets/-", let item?):
                guard let secret = item["name"]?.stringValue else { return ClusterAPI.status(.unprocessableEntity, "the item has no name") }
                cluster.state.withLock { $0.imagePullSecrets[key, default: []].append(secret) }
            default:
                return ClusterAPI.status(.unprocessableEntity, "doc is missing path")
            }
        }
        return .json(.ok, serviceAccount(namespace: namespace, name: name))
    }

    private func tokenRequest(_ body: JSONValue?, namespace: String, account: String) -> HTTPResponse {
        guard Self.serviceAccounts.contains(account) else { return ClusterAPI.status(.notFound, #"serviceaccounts "\#(account)" not found"#) }
        guard body?["kind"]?.stringValue == "TokenRequest" else { return ClusterAPI.status(.badRequest, "the body is not a TokenRequest") }
        let asked = body?["spec"]?["expirationSeconds"].flatMap { if case .number(let text) = $0 { Int(text) } else { nil } } ?? 3600
        let token = "sa-" + UUID().uuidString
        let granted = cluster.state.withLock { state in
            let granted = min(asked, state.serviceAccountTokenLimit)
            state.tokens[token] = .init(
                user: "system:serviceaccount:\(namespace):\(account)", admin: false,
                created: Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)), expiresIn: granted
            )
            return granted
        }
        let expiry = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)) + TimeInterval(granted)
        return .json(.created, [
            "kind": "TokenRequest", "apiVersion": "authentication.k8s.io/v1",
            "spec": ["expirationSeconds": .number(String(granted))],
            "status": ["token": .string(token), "expirationTimestamp": .string(expiry.formatted(.iso8601))],
        ])
    }
}
