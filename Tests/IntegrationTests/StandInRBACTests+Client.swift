import Foundation
import RegctlCore
import RegctlTestSupport

/// Calls the OpenShift stand-in's API with curl, the token on curl's standard input (never
/// in its arguments).
struct StandInClient {
    let sandbox: Sandbox
    let openShift: OpenShiftStandIn
    let caFile: String

    init(_ sandbox: Sandbox, _ openShift: OpenShiftStandIn) throws {
        self.sandbox = sandbox
        self.openShift = openShift
        let file = sandbox.root.appendingPathComponent("stand-in-ca.crt")
        try sandbox.write(try sandbox.authority.certificatePEM, to: file)
        caFile = file.path
    }

    /// A new token of `user`, valid from now.
    func token(for user: String, admin: Bool = false) -> String {
        let token = "sha256~\(UUID().uuidString)"
        openShift.grant(token: token, to: user, admin: admin)
        return token
    }

    /// The HTTP status and the JSON body of `method` `path` with `token`.
    func send(_ token: String, _ method: String, _ path: String, body: String? = nil) async throws -> (status: Int, body: JSONValue?) {
        var arguments = ["curl", "-sS", "--cacert", caFile, "-X", method, "-w", "\n%{http_code}", "--config", "-"]
        if let body { arguments += ["-H", "Content-Type: application/json", "--data-binary", body] }
        let result = try await sandbox.run(arguments + [openShift.apiServer + path], stdin: "header = \"Authorization: Bearer \(token)\"\n")
        guard result.succeeded, let split = result.stdout.lastIndex(of: "\n"), let status = Int(result.stdout[split...].dropFirst()) else {
            throw HarnessError("curl failed: \(result)")
        }
        return (status, try? JSONValue(parsing: String(result.stdout[..<split])))
    }

    static func reviewBody(_ attributes: String) -> String {
        #"{"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview","spec":{"resourceAttributes":{\#(attributes)}}}"#
    }

    /// The `status` of the review of `verb` on `resource` (`name`) in `namespace`, as the
    /// registry sends it.
    func review(_ token: String, _ verb: String, _ resource: String, namespace: String, name: String?) async throws -> JSONValue {
        var attributes = #""namespace":"\#(namespace)","verb":"\#(verb)","group":"image.openshift.io","resource":"\#(resource)""#
        if let name { attributes += #","name":"\#(name)""# }
        let answer = try await send(token, "POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", body: Self.reviewBody(attributes))
        guard answer.status == 201, let status = answer.body?["status"] else { throw HarnessError("the review answered \(answer)") }
        return status
    }
}
