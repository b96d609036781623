import FoundationEssentials
import OrderedCollections

/// One question the integrated registry asks the cluster about a user, asked by the user
/// the same way: a `SelfSubjectAccessReview` of a verb on `imagestreams/layers` (the literal
/// resource string the registry sends, with no subresource) or on `imagestreams`.
public struct AccessReview: Codable, Sendable, Equatable {
    public let verb: String
    public let resource: String
    public let namespace: String
    public let name: String?
    /// The cluster's answer.
    public let allowed: Bool
    /// Why, when the cluster says (which RBAC rule allowed it).
    public let reason: String?

    /// `oc auth can-i` words for this question, for a person.
    public var question: String {
        let object = resource == "imagestreams/layers" ? "imagestreams/\(name ?? "*") --subresource=layers" : resource
        return "\(verb) \(object) -n \(namespace)"
    }

    /// Asks the cluster of `api` whether its token's user may `verb` `resource` (`name`) in `namespace`.
    static func ask(_ verb: String, _ resource: String, namespace: String, name: String?, with api: OpenShiftAPI) async throws(ClusterError) -> AccessReview {
        var attributes: OrderedDictionary<String, JSONValue> = [
            "namespace": .string(namespace), "verb": .string(verb), "group": .string("image.openshift.io"), "resource": .string(resource),
        ]
        if let name { attributes["name"] = .string(name) }
        let body: JSONValue = .object([
            "apiVersion": .string("authorization.k8s.io/v1"), "kind": .string("SelfSubjectAccessReview"),
            "spec": .object(["resourceAttributes": .object(attributes)]),
        ])
        let reply = try await api.send(.POST, "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", body: body)
        guard (200..<300).contains(reply.status), case .bool(let allowed)? = reply.body?["status"]?["allowed"] else {
            throw .unexpectedAnswer(server: api.server, detail: "the access review answered HTTP \(reply.status) without status.allowed")
        }
        let reason = reply.body?["status"]?["reason"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        return AccessReview(verb: verb, resource: resource, namespace: namespace, name: name, allowed: allowed, reason: reason)
    }
}
