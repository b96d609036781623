import Foundation

/// Asks the cluster who a token belongs to: `GET /apis/user.openshift.io/v1/users/~`.
public enum OpenShiftUser {
    /// The registry user name for `token`: the OpenShift user with colons removed
    /// (`kube:admin` → `kubeadmin`; a colon breaks Basic auth), or nil when the cluster
    /// cannot tell (not OpenShift, unreachable, or a kubeconfig that turns TLS checks off).
    public static func name(of token: OpenShiftToken) async -> String? {
        let log = StepLog.logger("login")
        do {
            return try await OpenShiftAPI.with(token) { api in try await name(with: api) }
        } catch ClusterError.insecure(let server) {
            log.warning("the kubeconfig turns TLS verification off for \(server); not asking it for the user name")
        } catch {
            log.debug("could not ask the cluster for the user name: \(error)")
        }
        return nil
    }

    /// The registry user name of the token `api` asks with, or nil when the cluster cannot tell.
    public static func name(with api: OpenShiftAPI) async throws(ClusterError) -> String? {
        struct User: Decodable, Sendable { struct Metadata: Decodable, Sendable { let name: String }; let metadata: Metadata }
        guard case .found(let user) = try await api.get("/apis/user.openshift.io/v1/users/~", as: User.self) else { return nil }
        let name = user.metadata.name.replacingOccurrences(of: ":", with: "")
        return name.isEmpty ? nil : name
    }
}
