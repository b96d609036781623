import FoundationEssentials
import X509

/// Checks a credential against a registry by speaking its auth protocol, before anything
/// is saved: `GET /v2/`; on a Basic challenge, again with Basic; on a Bearer challenge, a
/// token from the realm (Basic user:secret, with `service`), then `GET /v2/` with it.
/// A ``RegistrySession`` takes the two halves one at a time.
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

    /// `roots` are the CAs to trust besides the system's: those the containers clients use for `host`.
    public init(host: RegistryHost, roots: [Certificate]) {
        self.host = host
        self.roots = roots
    }

    /// Runs `body` with a session whose requests share one HTTPS client. The challenge comes
    /// before any credential is needed, so a caller can fetch the credential meanwhile.
    func session<T>(_ body: (RegistrySession) async throws -> T) async throws -> T {
        try await HTTPSClient.with(.systemAnd(roots)) { client in
            try await body(RegistrySession(host: host, client: client))
        }
    }

    /// Asks the registry whether it accepts a credential: its challenge first, then the
    /// answer with `credential()`, which is called once the challenge is in (so the caller can
    /// read a store meanwhile) — also when the registry lets anyone in (``Verdict/unverifiable``).
    /// Throws ``LoginError/rejected(host:status:)`` when the registry refuses the credential.
    public func verify(_ credential: () async throws -> Credential) async throws -> Verdict {
        try await verify(answering: { _ in try await credential() })
    }

    /// As ``verify(_:)``, with the challenge (nil: none) handed to `credential`, which may
    /// refuse to answer it.
    public func verify(answering credential: (AuthChallenge?) async throws -> Credential) async throws -> Verdict {
        try await session { session in try await Self.verify(in: session, credential) }
    }

    /// As ``verify(_:)``, on `client`: a client shared by several registries that trust the
    /// same CAs, so that connections to a common token service are reused.
    func verify(on client: HTTPSClient, _ credential: () async throws -> Credential) async throws -> Verdict {
        try await Self.verify(in: RegistrySession(host: host, client: client), { _ in try await credential() })
    }

    private static func verify(in session: RegistrySession, _ credential: (AuthChallenge?) async throws -> Credential) async throws -> Verdict {
        let challenge = try await session.challenge()
        let credential = try await credential(challenge)
        guard let challenge else { return .unverifiable }
        try await session.answer(challenge, with: credential)
        return .accepted
    }
}

/// One conversation with a registry's `/v2/` endpoint; see ``RegistryAuthenticator``.
public struct RegistrySession: Sendable {
    let host: RegistryHost
    let client: HTTPSClient
    let log = StepLog.logger("registry")

    private var base: String { "https://\(host)/v2/" }

    /// `GET /v2/` without credentials: the challenge to answer, or nil when the registry
    /// lets anyone in (then no credential can be checked).
    public func challenge() async throws(LoginError) -> AuthChallenge? {
        log.debug("GET \(base)")
        let first = try await get(base)
        if first.status == .ok {
            guard first.headers.contains(name: "Docker-Distribution-API-Version") else {
                throw .unexpectedAnswer(host: host, detail: "GET /v2/ answered 200 without the Docker-Distribution-API-Version header")
            }
            return nil
        }
        try checkRegistryAnswer(first)
        guard first.status == .unauthorized else { throw .unexpectedAnswer(host: host, detail: "GET /v2/ answered HTTP \(first.status.code)") }
        guard let challenge = first.headers["WWW-Authenticate"].compactMap({ AuthChallenge(header: String($0)) }).first else {
            throw .unexpectedAnswer(host: host, detail: "HTTP 401 without a Basic or Bearer challenge")
        }
        return challenge
    }

    /// Answers `challenge` with `credential` and checks that `GET /v2/` then succeeds;
    /// throws ``LoginError/rejected(host:status:)`` when the registry refuses it.
    public func answer(_ challenge: AuthChallenge, with credential: Credential) async throws(LoginError) {
        try requireSuccess(try await get(base, authorization: try await authorization(answering: challenge, with: credential)), from: "GET /v2/ with credentials")
    }

    /// `GET /v2/PATH` as a client makes it: without credentials, then, on a challenge, with
    /// `credential` (a Bearer challenge names the scope the path needs).
    func fetch(_ path: String, with credential: Credential) async throws(LoginError) -> HTTPSClient.Response {
        let url = base + path
        log.debug("GET \(url)")
        let first = try await get(url)
        guard first.status == .unauthorized,
              let challenge = first.headers["WWW-Authenticate"].compactMap({ AuthChallenge(header: String($0)) }).first
        else { return first }
        return try await get(url, authorization: try await authorization(answering: challenge, with: credential))
    }

    /// The Authorization header that answers `challenge` with `credential`.
    private func authorization(answering challenge: AuthChallenge, with credential: Credential) async throws(LoginError) -> String {
        let basic = "Basic " + Data("\(credential.username):\(credential.secret)".utf8).base64EncodedString()
        guard challenge.scheme == "bearer" else {
            log.debug("Basic challenge: retrying with the credential")
            return basic
        }
        return "Bearer " + (try await bearerToken(challenge, basic: basic))
    }

    private func bearerToken(_ challenge: AuthChallenge, basic: String) async throws(LoginError) -> String {
        guard let realm = challenge.parameters["realm"], var components = URLComponents(string: realm),
              components.scheme == "https"
        else { throw .unexpectedAnswer(host: host, detail: "the Bearer challenge has no https realm") }
        var query = components.queryItems ?? []
        if let service = challenge.parameters["service"] { query.append(URLQueryItem(name: "service", value: service)) }
        if let scope = challenge.parameters["scope"] { query.append(URLQueryItem(name: "scope", value: scope)) }
        components.queryItems = query.isEmpty ? nil : query
        let url = components.string ?? realm
        log.debug("Bearer challenge: fetching a token from \(realm)")
        let response = try await get(url, authorization: basic)
        try requireSuccess(response, from: "the token service")
        struct TokenAnswer: Decodable { let token: String?; let access_token: String? }
        guard let answer = try? JSONDecoder().decode(TokenAnswer.self, from: response.body),
              let token = [answer.token, answer.access_token].compactMap({ $0 }).first(where: { !$0.isEmpty })
        else { throw .unexpectedAnswer(host: host, detail: "the token service did not return a token") }
        guard token.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw .unexpectedAnswer(host: host, detail: "the token service returned a token with characters an HTTP header cannot carry")
        }
        Redactor.shared.register(token)
        return token
    }

    private func get(_ url: String, authorization: String? = nil) async throws(LoginError) -> HTTPSClient.Response {
        do {
            return try await client.get(url, authorization: authorization)
        } catch {
            throw switch error {
            case .tls(let detail): .tls(host: host, detail: detail)
            case .unreachable(let detail): .unreachable(host: host, detail: detail)
            case .timedOut(let detail): .timedOut(host: host, detail: detail)
            case .oversized: .unexpectedAnswer(host: host, detail: error.detail)
            case .proxy(let detail): .proxy(host: host, detail: detail)
            }
        }
    }

    private func checkRegistryAnswer(_ response: HTTPSClient.Response) throws(LoginError) {
        if response.status.code >= 500 { throw .serverError(host: host, status: Int(response.status.code)) }
    }

    /// A request made with the credential: 200 passes, 401 and 403 are a rejection.
    private func requireSuccess(_ response: HTTPSClient.Response, from source: String) throws(LoginError) {
        switch response.status.code {
        case 200: return
        case 401, 403: throw .rejected(host: host, status: Int(response.status.code))
        case 300..<400:
            let target = response.headers.first(name: "Location").flatMap { URLComponents(string: $0)?.host } ?? "another address"
            throw .unexpectedAnswer(host: host, detail: "\(source) answered with a redirect to \(target), which regctl does not follow with credentials")
        default:
            try checkRegistryAnswer(response)
            throw .unexpectedAnswer(host: host, detail: "\(source) answered HTTP \(response.status.code)")
        }
    }
}
