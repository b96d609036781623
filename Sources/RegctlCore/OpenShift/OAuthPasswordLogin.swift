import Crypto
import FoundationEssentials
import NIOHTTP1

/// A token from OpenShift's OAuth server for a user name and password, got as `oc login -u`
/// gets it: discovery, the `openshift-challenging-client` authorization-code flow with PKCE
/// (S256) and `X-CSRF-Token`, the Basic challenge, the code exchange. The password goes to
/// the OAuth server in that one request and nowhere else.
///
/// The OAuth server is trusted exactly as the API server is (``OpenShiftAPI``): the cluster's
/// CA alone when there is one, the system roots when there is none, as `oc login` trusts
/// both with one transport. Every URL must be https: a password never crosses plain HTTP.
public struct OAuthPasswordLogin: Sendable {
    /// A token and, when the server said, when it expires.
    public struct Token: Sendable {
        public let token: String
        public let expiry: Date?
    }

    /// The API server URL (`https://api.cluster:6443`).
    public let server: String
    /// The API server with the CA that verifies it and its OAuth server.
    public let cluster: Kubeconfig.Cluster

    public init(cluster: Kubeconfig.Cluster) {
        self.server = cluster.server.hasSuffix("/") ? String(cluster.server.dropLast()) : cluster.server
        self.cluster = cluster
    }

    static let clientID = "openshift-challenging-client"

    public func token(username: String, password: String) async throws -> Token {
        guard !username.isEmpty, !username.contains(":") else { throw OAuthLoginError.badUserName(username) }
        guard Self.isHTTPS(server) else { throw OAuthLoginError.plainHTTPServer(server) }
        return try await HTTPSClient.with(try OpenShiftAPI.trust(of: cluster)) { client in
            let metadata = try await discover(client)
            let verifier = Self.base64URL((0..<96).map { _ in UInt8.random(in: .min ... .max) })
            let redirect = metadata.issuer + "/oauth/token/implicit"
            let code = try await authorize(client, metadata, redirect: redirect, verifier: verifier, username: username, password: password)
            return try await exchange(client, metadata, code: code, redirect: redirect, verifier: verifier)
        }
    }

    private struct Metadata: Decodable {
        let issuer: String
        let authorizationEndpoint: String
        let tokenEndpoint: String

        enum CodingKeys: String, CodingKey {
            case issuer
            case authorizationEndpoint = "authorization_endpoint"
            case tokenEndpoint = "token_endpoint"
        }
    }

    private func discover(_ client: HTTPSClient) async throws -> Metadata {
        let response = try await send(client, .GET, server + "/.well-known/oauth-authorization-server", at: server)
        guard response.status == .ok, let metadata = try? JSONDecoder().decode(Metadata.self, from: response.body) else {
            throw OAuthLoginError.noOAuthServer(server)
        }
        for endpoint in [metadata.authorizationEndpoint, metadata.tokenEndpoint] where !Self.isHTTPS(endpoint) {
            throw OAuthLoginError.plainHTTPEndpoint(server, endpoint)
        }
        return metadata
    }

    private static func isHTTPS(_ url: String) -> Bool {
        URLComponents(string: url)?.scheme?.lowercased() == "https"
    }

    /// The authorization request, answered with a Basic challenge, then with the password:
    /// a redirect whose query holds the code.
    private func authorize(
        _ client: HTTPSClient, _ metadata: Metadata, redirect: String, verifier: String, username: String, password: String
    ) async throws -> String {
        let challenge = Self.base64URL(Array(SHA256.hash(data: Data(verifier.utf8))))
        let url = metadata.authorizationEndpoint + "?" + Self.form([
            ("response_type", "code"), ("client_id", Self.clientID), ("redirect_uri", redirect),
            ("code_challenge", challenge), ("code_challenge_method", "S256"),
        ])
        let headers: HTTPHeaders = ["X-CSRF-Token": "1"]
        let first = try await send(client, .GET, url, headers: headers, at: metadata.authorizationEndpoint)
        guard first.status == .unauthorized, first.headers["WWW-Authenticate"].contains(where: { $0.lowercased().hasPrefix("basic") }) else {
            throw OAuthLoginError.refused(server, "it does not offer a password challenge (HTTP \(first.status.code))")
        }
        var answered = headers
        answered.add(name: "Authorization", value: "Basic " + Data("\(username):\(password)".utf8).base64EncodedString())
        let second = try await send(client, .GET, url, headers: answered, at: metadata.authorizationEndpoint)
        if second.status == .unauthorized { throw OAuthLoginError.wrongPassword }
        guard (300..<400).contains(second.status.code), let location = second.headers.first(name: "Location") else {
            throw OAuthLoginError.refused(server, "the authorization request got HTTP \(second.status.code)")
        }
        return try Self.code(fromRedirect: location, server: server)
    }

    /// The authorization code of the redirect's `Location`, or the error it carries instead.
    package static func code(fromRedirect location: String, server: String) throws(OAuthLoginError) -> String {
        guard let query = URLComponents(string: location)?.queryItems else {
            throw .refused(server, "the redirect is not a URL with a query")
        }
        if let code = query.first(where: { $0.name == "code" })?.value, !code.isEmpty { return code }
        let error = query.first { $0.name == "error_description" }?.value ?? query.first { $0.name == "error" }?.value
        throw .refused(server, error ?? "the redirect holds no code")
    }

    private func exchange(_ client: HTTPSClient, _ metadata: Metadata, code: String, redirect: String, verifier: String) async throws -> Token {
        let headers: HTTPHeaders = [
            "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json",
            "Authorization": "Basic " + Data("\(Self.clientID):".utf8).base64EncodedString(),
        ]
        let body = Self.form([("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirect), ("code_verifier", verifier)])
        let response = try await send(client, .POST, metadata.tokenEndpoint, headers: headers, body: Data(body.utf8), at: metadata.tokenEndpoint)
        struct Answer: Decodable {
            let access_token: String?
            let expires_in: Int?
            let error_description: String?
        }
        let answer = try? JSONDecoder().decode(Answer.self, from: response.body)
        guard response.status == .ok, let token = answer?.access_token, !token.isEmpty else {
            throw OAuthLoginError.refused(server, answer?.error_description ?? "the code exchange got HTTP \(response.status.code)")
        }
        return Token(token: token, expiry: answer?.expires_in.flatMap { $0 > 0 ? Date() + TimeInterval($0) : nil })
    }

    private func send(
        _ client: HTTPSClient, _ method: HTTPMethod, _ url: String, headers: HTTPHeaders = [:], body: Data? = nil, at endpoint: String
    ) async throws -> HTTPSClient.Response {
        do {
            return try await client.send(method, url, headers: headers, body: body)
        } catch {
            switch error {
            case .tls(let reason): throw OAuthLoginError.untrusted(endpoint, reason)
            case .unreachable(let reason): throw OAuthLoginError.unreachable(endpoint, reason)
            case .timedOut(let detail): throw OAuthLoginError.unreachable(endpoint, "it \(detail)")
            case .oversized, .proxy: throw OAuthLoginError.unreachable(endpoint, error.detail)
            }
        }
    }

    /// `application/x-www-form-urlencoded`, every byte but the unreserved ones escaped.
    static func form(_ pairs: [(String, String)]) -> String {
        func escape(_ text: String) -> String {
            text.utf8.map { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                     UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                    String(UnicodeScalar(byte))
                default:
                    "%" + [byte].hexDigits(uppercase: true)
                }
            }.joined()
        }
        return pairs.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacing("+", with: "-").replacing("/", with: "_").replacing("=", with: "")
    }
}

/// A user name and password for the OAuth server of the API server `server`.
public struct PasswordCredentials: Sendable {
    public var server: String
    public var username: String
    public var password: String
    /// A PEM file of the cluster's CA, the only CA then trusted for the API and OAuth
    /// servers; without it the kubeconfig's CA for `server` alone, or with none the system's CAs.
    public var certificateAuthorityFile: String?

    public init(server: String, username: String, password: String, certificateAuthorityFile: String? = nil) {
        self.server = server
        self.username = username
        self.password = password
        self.certificateAuthorityFile = certificateAuthorityFile
    }
}

extension OAuthPasswordLogin {
    /// A token for `credentials`, as an OpenShift token of their cluster (no context).
    public static func token(for credentials: PasswordCredentials, environment: RegctlEnvironment) async throws -> OpenShiftToken {
        Redactor.shared.register(credentials.password)
        let cluster = try cluster(of: credentials, environment: environment)
        let token = try await OAuthPasswordLogin(cluster: cluster).token(username: credentials.username, password: credentials.password)
        return OpenShiftToken(token: token.token, context: "", cluster: cluster, expiry: token.expiry)
    }

    /// The API server with its CA: the file given, else the CA of the kubeconfig's cluster
    /// with that server, else none (the system roots). The login and every later request to
    /// the API trust it alike.
    private static func cluster(of credentials: PasswordCredentials, environment: RegctlEnvironment) throws -> Kubeconfig.Cluster {
        if let file = credentials.certificateAuthorityFile {
            let pem = try CertificateBundle(contentsOf: file).pemString()
            return Kubeconfig.Cluster(server: credentials.server, certificateAuthorityPEM: pem, insecureSkipTLSVerify: false)
        }
        let named = ((try? Kubeconfig.load(environment: environment))?.clusters.values).map { $0.filter { $0.server == credentials.server } } ?? []
        let known = named.first { $0.certificateAuthorityPEM != nil } ?? named.first { $0.certificateAuthorityFile != nil }
        return Kubeconfig.Cluster(
            server: credentials.server, certificateAuthorityPEM: known?.certificateAuthorityPEM, insecureSkipTLSVerify: false,
            certificateAuthorityFile: known?.certificateAuthorityFile
        )
    }
}

/// Why a password login got no token.
public enum OAuthLoginError: RegctlError, Equatable {
    case badUserName(String)
    case noOAuthServer(String)
    case wrongPassword
    case plainHTTPServer(String)
    case plainHTTPEndpoint(String, String)
    case refused(String, String)
    case untrusted(String, String)
    case unreachable(String, String)

    public var message: String {
        switch self {
        case .badUserName(let name): name.isEmpty ? "the user name is empty" : "the user name \(name) holds a colon, which a password login cannot send"
        case .noOAuthServer(let server): "\(server) offers no OpenShift OAuth server to log in to with a password"
        case .wrongPassword: "wrong user name or password"
        case .plainHTTPServer(let server): "the API server \(server) is not an https URL, so regctl does not send it your password"
        case .plainHTTPEndpoint(let server, let url):
            "the OAuth server of \(server) names the endpoint \(url), which is not https, so regctl does not send it your password"
        case .refused(let server, let reason): "the OAuth server of \(server) refused the login: \(reason)"
        case .untrusted(let url, let reason): "cannot verify \(url): \(reason)"
        case .unreachable(let url, let reason): "cannot reach \(url): \(reason)"
        }
    }

    public var fix: Fix? {
        switch self {
        case .badUserName: .act("Give the user name with --username.")
        case .noOAuthServer:
            .act("Check --server (the API URL, as `oc whoami --show-server` prints it); a cluster with an external identity provider needs `oc login --exec-plugin`, then `regctl login HOST`.")
        case .wrongPassword: .act("Check them and try again; nothing was stored.")
        case .plainHTTPServer: .act("Give the API server's https address with --server (as `oc whoami --show-server` prints it).")
        case .plainHTTPEndpoint: .act("Ask the cluster's administrator why its OAuth server is not served over https.")
        case .refused: nil
        case .untrusted:
            .act("Give --certificate-authority FILE with the CAs of the API server and of its OAuth server; they alone are trusted, and regctl never turns verification off.")
        case .unreachable: .act("Check --server and the network.")
        }
    }

    public var status: ExitStatus {
        switch self {
        case .badUserName, .plainHTTPServer: .usage
        default: .failed
        }
    }
}
