import Foundation
import NIOHTTP1
import RegctlCore

/// One `SelfSubjectAccessReview` the stand-in answered.
public struct AccessReviewRecord: Sendable, Equatable {
    /// Who asked (the token's user).
    public let user: String
    public let namespace: String
    public let verb: String
    public let group: String
    /// The resource as RBAC matches it: `resource`, or `resource/subresource` when the
    /// review named a subresource.
    public let resource: String
    public let name: String?
    public let allowed: Bool

    public init(user: String, namespace: String, verb: String, group: String, resource: String, name: String?, allowed: Bool) {
        self.user = user
        self.namespace = namespace
        self.verb = verb
        self.group = group
        self.resource = resource
        self.name = name
        self.allowed = allowed
    }
}

/// `POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews`, which every authenticated
/// user may send: 201 with the review echoed and `status.allowed` (and, when allowed under
/// enforced roles, RBAC's `status.reason`), recorded in ``ClusterState/accessReviews``.
struct AccessReviews {
    let cluster: ClusterRecords

    static let path = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"

    /// The answer for the review path, else nil.
    func respond(to request: HTTPRequest, caller: ClusterState.Token) -> HTTPResponse? {
        guard request.path == Self.path else { return nil }
        guard request.method == .POST else { return ClusterAPI.status(.methodNotAllowed, "the server does not allow this method on the requested resource") }
        guard let review = try? JSONValue(parsing: String(decoding: request.body, as: UTF8.self)),
              review["kind"]?.stringValue == "SelfSubjectAccessReview",
              let spec = review["spec"], let attributes = spec["resourceAttributes"], attributes.objectValue != nil
        else { return ClusterAPI.status(.badRequest, "the body is not a SelfSubjectAccessReview with spec.resourceAttributes") }
        let field = { (key: String) in attributes[key]?.stringValue ?? "" }
        let resource = field("resource") + (field("subresource").isEmpty ? "" : "/" + field("subresource"))
        let decision = cluster.state.withLock { state in
            let decision = Authorizer(state: state).decide(caller, field("verb"), resource, group: field("group"), namespace: field("namespace"))
            state.accessReviews.append(AccessReviewRecord(
                user: caller.user, namespace: field("namespace"), verb: field("verb"), group: field("group"),
                resource: resource, name: field("name").isEmpty ? nil : field("name"), allowed: decision.allowed
            ))
            return decision
        }
        var status: JSONValue = ["allowed": .bool(decision.allowed)]
        if let reason = decision.reason { status["reason"] = .string(reason) }
        return .json(.created, [
            "kind": "SelfSubjectAccessReview", "apiVersion": "authorization.k8s.io/v1",
            "metadata": ["creationTimestamp": .null], "spec": spec, "status": status,
        ])
    }
}
