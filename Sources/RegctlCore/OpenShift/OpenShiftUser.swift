import Foundation
import X509

/// Asks the cluster who a token belongs to: `GET /apis/user.openshift.io/v1/users/~`.
public enum OpenShiftUser {
    /// The registry user name for `token`: the OpenShift user with colons removed
    /// (`kube:admin` → `kubeadmin`; a colon breaks Basic auth), or nil when the cluster
    /// cannot tell (not OpenShift, unreachable, or a kubeconfig that turns TLS checks off).
    public static func name(of token: OpenShiftToken) async -> String? {
        let log = StepLog.logger("login")
        guard !token.cluster.insecureSkipTLSVerify else {
            log.warning("the kubeconfig turns TLS verification off for \(token.cluster.server); not asking it for the user name")
            return nil
        }
        let roots = token.cluster.certificateAuthorityPEM.flatMap { try? CertificateBundle(pem: $0, source: "kubeconfig").certificates } ?? []
        let server = token.cluster.server.hasSuffix("/") ? String(token.cluster.server.dropLast()) : token.cluster.server
        do {
            return try await HTTPSClient.with(trusting: roots) { client in
                let response = try await client.get("\(server)/apis/user.openshift.io/v1/users/~", authorization: "Bearer \(token.token)")
                struct User: Decodable { struct Metadata: Decodable { let name: String }; let metadata: Metadata }
                guard response.status == .ok, let user = try? JSONDecoder().decode(User.self, from: response.body) else {
                    log.debug("users/~ answered HTTP \(response.status.code); using the default user name")
                    return nil
                }
                let name = user.metadata.name.replacingOccurrences(of: ":", with: "")
                return name.isEmpty ? nil : name
            }
        } catch {
            log.debug("could not ask \(server) for the user name: \(error)")
            return nil
        }
    }
}
