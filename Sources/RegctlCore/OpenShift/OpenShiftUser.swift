import FoundationEssentials

/// What the cluster says about the user of a token: their name (`GET
/// /apis/user.openshift.io/v1/users/~`) and when the token expires.
public struct OpenShiftUser: Sendable {
    /// The registry user name: the OpenShift user with colons removed (`kube:admin` →
    /// `kubeadmin`; a colon breaks Basic auth); nil when the cluster cannot tell.
    public let name: String?
    /// When the token expires, where that can be known (see ``TokenExpiry``).
    public let tokenExpiry: Date?

    /// Asks the cluster of `token` both questions at once. A cluster that cannot be asked
    /// (not OpenShift, unreachable, or a kubeconfig that turns TLS checks off) tells nothing,
    /// but a JWT still tells its own expiry. A name with control characters is refused: it
    /// would be stored, sent and shown as the registry user name.
    public static func lookup(_ token: OpenShiftToken) async throws(UnsafeName) -> OpenShiftUser {
        let log = StepLog.logger("login")
        let unknown = OpenShiftUser(name: nil, tokenExpiry: token.expiry ?? TokenExpiry.jwtExpiry(token.token))
        let found: OpenShiftUser
        do {
            found = try await OpenShiftAPI.with(token) { api in
                async let expiry = token.expiry == nil ? TokenExpiry.of(tokenOf: api) : token.expiry
                let name = try await name(with: api)
                return OpenShiftUser(name: name, tokenExpiry: await expiry)
            }
        } catch ClusterError.insecure(let server) {
            log.warning("the kubeconfig turns TLS verification off for \(server); not asking it for the user name")
            return unknown
        } catch {
            log.debug("could not ask the cluster for the user name: \(error)")
            return unknown
        }
        guard let name = found.name, UntrustedText.escaped(name) != name else { return found }
        throw UnsafeName(name: name, server: token.cluster.server)
    }

    /// A user name from the cluster with control characters in it.
    public struct UnsafeName: RegctlError, Equatable {
        public let name: String
        public let server: String

        public var message: String {
            "the cluster \(server) names your user \(UntrustedText.escaped(name)), with control characters; regctl does not use it as a registry user name"
        }

        public var fix: Fix? { .act("Nothing was stored. Ask your cluster administrator about this user name.") }
        public var status: ExitStatus { .failed }
    }

    /// The registry user name of the token `api` asks with, or nil when the cluster cannot tell.
    public static func name(with api: OpenShiftAPI) async throws(ClusterError) -> String? {
        let name = try await account(with: api)?.replacing(":", with: "")
        return name?.isEmpty == false ? name : nil
    }

    /// The user as the cluster names them (`kube:admin`, `system:serviceaccount:NS:NAME`), for RBAC.
    public static func account(with api: OpenShiftAPI) async throws(ClusterError) -> String? {
        struct User: Decodable, Sendable { struct Metadata: Decodable, Sendable { let name: String }; let metadata: Metadata }
        guard case .found(let user) = try await api.get("/apis/user.openshift.io/v1/users/~", as: User.self) else { return nil }
        return user.metadata.name.isEmpty ? nil : user.metadata.name
    }
}
