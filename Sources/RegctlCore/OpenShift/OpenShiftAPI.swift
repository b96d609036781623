import FoundationEssentials
import X509

/// The API server of a kubeconfig context's cluster, asked with that context's token over
/// TLS verified with the kubeconfig's CA alone, as client-go does (the system roots only when
/// the kubeconfig names no CA), and only over https. A kubeconfig that turns verification
/// off, or names a CA that cannot be read, gets no request: regctl never sends a token to a
/// server it cannot verify.
public struct OpenShiftAPI: Sendable {
    /// What a GET found: the object, or the refusals that mean "look elsewhere".
    public enum Answer<Object: Sendable>: Sendable {
        case found(Object)
        case forbidden
        case notFound
    }

    public let token: OpenShiftToken
    let client: HTTPSClient
    let log = StepLog.logger("cluster")

    var server: String {
        token.cluster.server.hasSuffix("/") ? String(token.cluster.server.dropLast()) : token.cluster.server
    }

    /// Runs `body` with a connection to the cluster of `token`.
    public static func with<T>(_ token: OpenShiftToken, _ body: (OpenShiftAPI) async throws -> T) async throws -> T {
        guard !token.cluster.insecureSkipTLSVerify else { throw ClusterError.insecure(server: token.cluster.server) }
        guard token.cluster.server.lowercased().hasPrefix("https://") else { throw ClusterError.plainHTTP(server: token.cluster.server) }
        return try await HTTPSClient.with(try trust(of: token.cluster), proxies: .forCluster(proxyURL: token.cluster.proxyURL)) { client in
            try await body(OpenShiftAPI(token: token, client: client))
        }
    }

    /// The kubeconfig's CA alone when it names one; the system roots when it names none.
    static func trust(of cluster: Kubeconfig.Cluster) throws(ClusterError) -> HTTPSClient.Trust {
        guard let pem = cluster.certificateAuthorityPEM else {
            if let file = cluster.certificateAuthorityFile { throw .unusableCA(server: cluster.server, detail: "cannot read the certificate-authority file \(file)") }
            return .systemAnd([])
        }
        do {
            return .only(try CertificateBundle(pem: pem, source: cluster.certificateAuthorityFile ?? "certificate-authority-data").certificates)
        } catch {
            throw .unusableCA(server: cluster.server, detail: error.message)
        }
    }

    /// `GET path` decoded as `Object`; 403 and 404 are answers, 401 means the token is rejected.
    public func get<Object: Decodable & Sendable>(_ path: String, as type: Object.Type) async throws(ClusterError) -> Answer<Object> {
        let response: HTTPSClient.Response
        do {
            response = try await client.get(server + path, authorization: "Bearer \(token.token)")
        } catch {
            throw ClusterError(error, server: server)
        }
        log.debug("GET \(path): HTTP \(response.status.code)")
        switch response.status.code {
        case 200:
            do {
                return .found(try JSONDecoder().decode(Object.self, from: response.body))
            } catch {
                throw .unexpectedAnswer(server: server, detail: "\(path) did not return the expected object")
            }
        case 401: throw .tokenRejected(server: server, context: token.context)
        case 403: return .forbidden
        case 404: return .notFound
        default: throw .unexpectedAnswer(server: server, detail: "\(path) answered HTTP \(response.status.code)")
        }
    }
}
