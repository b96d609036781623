import Foundation
import X509

/// Checks a credential against a registry by speaking its auth protocol, before anything
/// is saved: `GET /v2/`; on a Basic challenge, again with Basic; on a Bearer challenge, a
/// token from the realm (Basic user:secret, with `service`), then `GET /v2/` with it.
public struct RegistryAuthenticator: Sendable {
    /// What the registry said about the credential.
    public enum Verdict: String, Sendable, Codable {
        /// The registry accepted the credential.
        case accepted
        /// The registry answers without credentials, so the credential could not be checked.
        case unverifiable
    }

    let host: RegistryHost
    let roots: [Certificate]
    let log = StepLog.logger("login")

    /// `roots` are the CAs to trust besides the system's: those the containers clients use for `host`.
    public init(host: RegistryHost, roots: [Certificate]) {
        self.host = host
        self.roots = roots
    }

    public func verify(_ credential: Credential) async throws(LoginError) -> Verdict {
        try await verify(secret: credential.secret) { credential.username }
    }

    /// Checks `secret` with the user name `username` gives. It is asked for only once the
    /// registry has answered the first request, so a slow lookup (OpenShift's `users/~`)
    /// overlaps that round trip.
    public func verify(secret: String, username: @Sendable () async -> String) async throws(LoginError) -> Verdict {
        do {
            return try await HTTPSClient.with(trusting: roots) { client in
                try await verify(secret: secret, username: username, with: client)
            }
        } catch let error as LoginError {
            throw error
        } catch let failure as HTTPSClient.Failure {
            throw Self.loginError(failure, host: host)
        } catch {
            throw .unexpectedAnswer(host: host, detail: "\(error)")
        }
    }

    private func verify(secret: String, username: () async -> String, with client: HTTPSClient) async throws -> Verdict {
        let base = "https://\(host)/v2/"
        log.debug("GET \(base)")
        let first = try await client.get(base)
        if first.status == .ok {
            guard first.headers.contains(name: "Docker-Distribution-API-Version") else {
                throw LoginError.unexpectedAnswer(host: host, detail: "GET /v2/ answered 200 without the Docker-Distribution-API-Version header")
            }
            return .unverifiable
        }
        try checkRegistryAnswer(first)
        guard first.status == .unauthorized else { throw LoginError.unexpectedAnswer(host: host, detail: "GET /v2/ answered HTTP \(first.status.code)") }
        guard let challenge = first.headers[canonicalForm: "WWW-Authenticate"].compactMap({ AuthChallenge(header: String($0)) }).first else {
            throw LoginError.unexpectedAnswer(host: host, detail: "HTTP 401 without a Basic or Bearer challenge")
        }
        let basic = "Basic " + Data("\(await username()):\(secret)".utf8).base64EncodedString()
        let authorization: String
        if challenge.scheme == "basic" {
            log.debug("Basic challenge: retrying with the credential")
            authorization = basic
        } else {
            authorization = "Bearer " + (try await bearerToken(challenge, basic: basic, client: client))
        }
        let second = try await client.get(base, authorization: authorization)
        switch second.status.code {
        case 200: return .accepted
        case 401, 403: throw LoginError.rejected(host: host, status: Int(second.status.code))
        default:
            try checkRegistryAnswer(second)
            throw LoginError.unexpectedAnswer(host: host, detail: "GET /v2/ with credentials answered HTTP \(second.status.code)")
        }
    }

    private func bearerToken(_ challenge: AuthChallenge, basic: String, client: HTTPSClient) async throws -> String {
        guard let realm = challenge.parameters["realm"], var components = URLComponents(string: realm),
              components.scheme == "https"
        else { throw LoginError.unexpectedAnswer(host: host, detail: "the Bearer challenge has no https realm") }
        var query = components.queryItems ?? []
        if let service = challenge.parameters["service"] { query.append(URLQueryItem(name: "service", value: service)) }
        if let scope = challenge.parameters["scope"] { query.append(URLQueryItem(name: "scope", value: scope)) }
        components.queryItems = query.isEmpty ? nil : query
        let url = components.string ?? realm
        log.debug("Bearer challenge: fetching a token from \(realm)")
        let response = try await client.get(url, authorization: basic)
        switch response.status.code {
        case 200: break
        case 401, 403: throw LoginError.rejected(host: host, status: Int(response.status.code))
        default:
            try checkRegistryAnswer(response)
            throw LoginError.unexpectedAnswer(host: host, detail: "the token service answered HTTP \(response.status.code)")
        }
        struct TokenAnswer: Decodable { let token: String?; let access_token: String? }
        guard let answer = try? JSONDecoder().decode(TokenAnswer.self, from: response.body),
              let token = [answer.token, answer.access_token].compactMap({ $0 }).first(where: { !$0.isEmpty })
        else { throw LoginError.unexpectedAnswer(host: host, detail: "the token service did not return a token") }
        Redactor.shared.register(token)
        return token
    }

    private func checkRegistryAnswer(_ response: HTTPSClient.Response) throws {
        if response.status.code >= 500 { throw LoginError.serverError(host: host, status: Int(response.status.code)) }
    }

    static func loginError(_ failure: HTTPSClient.Failure, host: RegistryHost) -> LoginError {
        switch failure {
        case .tls(let detail): .tls(host: host, detail: detail)
        case .unreachable(let detail): .unreachable(host: host, detail: detail)
        case .timedOut: .timedOut(host: host)
        }
    }
}
