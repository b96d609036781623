/// The config maps in `openshift-config-managed` that hold the cluster's ingress CA, in the
/// order regctl tries them: `default-ingress-cert` (often administrators only) and
/// `oauth-serving-cert` (readable by every authenticated user). Each `ca-bundle.crt` holds
/// the ingress leaf and the CA that signed it.
public enum IngressCABundles {
    public struct Bundle: Sendable {
        /// `config map openshift-config-managed/NAME`.
        public let source: String
        public let pem: String
    }

    static let names = ["default-ingress-cert", "oauth-serving-cert"]

    /// The bundles the caller may read; a refused or missing one is left out.
    public static func fetch(with api: OpenShiftAPI) async throws(ClusterError) -> [Bundle] {
        struct ConfigMap: Decodable, Sendable { let data: [String: String]? }
        var bundles: [Bundle] = []
        for name in names {
            let path = "/api/v1/namespaces/openshift-config-managed/configmaps/\(name)"
            guard case .found(let map) = try await api.get(path, as: ConfigMap.self), let pem = map.data?["ca-bundle.crt"] else { continue }
            bundles.append(Bundle(source: "config map openshift-config-managed/\(name)", pem: pem))
        }
        return bundles
    }
}
