import Foundation
import NIOHTTP1
import Synchronization

/// A loopback stand-in for the parts of an OpenShift cluster regctl talks to.
///
/// It knows a few users and their OAuth tokens, answers `users/~` for them, and is the
/// token service of the harness's
/// token-auth registry, behaving like OpenShift's `/openshift/token`: Basic auth, the user
/// name ignored, the password taken as the OpenShift token; an unknown or revoked token
/// gets 401. A known token gets a registry token granting what the scope asks.
public final class OpenShiftStandIn: Sendable {
    public let server: LoopbackHTTPSServer
    public let tokenSigner: RegistryTokenSigner
    private let tokens = TokenBook()

    /// Starts the stand-in with TLS from `authority` and tokens signed for `service`.
    public init(authority: TestCertificateAuthority, service: String = "regctl-test-registry") async throws {
        let signer = RegistryTokenSigner(
            signer: try authority.issueSigningCertificate(),
            issuer: "regctl-test-openshift",
            service: service
        )
        tokenSigner = signer
        server = try await LoopbackHTTPSServer(certificate: try authority.issueServerCertificate()) { [tokens] request in
            Self.route(request, signer: signer, user: tokens.user(of:))
        }
    }

    /// The API server URL, as a kubeconfig's `cluster.server` names it.
    public var apiServer: String { "https://\(server.host)" }

    /// The realm the registry sends clients to.
    public var tokenRealm: String { "https://\(server.host)/openshift/token" }

    /// Makes `token` a valid OpenShift token of `user`.
    public func grant(token: String, to user: String) {
        tokens.users.withLock { $0[token] = user }
    }

    /// Makes `token` unknown from now on, as `oc logout` or an expiry would.
    public func revoke(token: String) {
        _ = tokens.users.withLock { $0.removeValue(forKey: token) }
    }

    public func stop() async { await server.stop() }

    private static func route(
        _ request: HTTPRequest,
        signer: RegistryTokenSigner,
        user: (String) -> String?
    ) -> HTTPResponse {
        if request.method == .GET, request.path == "/apis/user.openshift.io/v1/users/~" {
            guard let token = bearerToken(request.headers), let name = user(token) else {
                return .json(.unauthorized, Status(message: "Unauthorized"))
            }
            return .json(.ok, UserResource(metadata: .init(name: name)))
        }
        guard request.method == .GET, request.path == "/openshift/token" else {
            return .json(.notFound, Status(message: "the server could not find the requested resource"))
        }
        guard let password = basicPassword(request.headers), let name = user(password) else {
            var response = HTTPResponse.json(.unauthorized, Status(message: "authentication required"))
            response.headers.add(name: "WWW-Authenticate", value: #"Basic realm="openshift""#)
            return response
        }
        let access = request.queryValues("scope").compactMap(RegistryAccess.init(scope:))
        do {
            let token = try signer.token(subject: name, access: access)
            return .json(.ok, TokenResponse(token: token, access_token: token))
        } catch {
            return .json(.internalServerError, Status(message: "\(error)"))
        }
    }

    private static func bearerToken(_ headers: HTTPHeaders) -> String? {
        guard let value = headers.first(name: "Authorization"), value.lowercased().hasPrefix("bearer ") else { return nil }
        return String(value.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    }

    private static func basicPassword(_ headers: HTTPHeaders) -> String? {
        guard let value = headers.first(name: "Authorization"), value.lowercased().hasPrefix("basic "),
              let decoded = Data(base64Encoded: String(value.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
              let pair = String(data: decoded, encoding: .utf8),
              let colon = pair.firstIndex(of: ":")
        else { return nil }
        return String(pair[pair.index(after: colon)...])
    }

    private final class TokenBook: Sendable {
        let users = Mutex<[String: String]>([:])
        func user(of token: String) -> String? { users.withLock { $0[token] } }
    }

    private struct Status: Encodable { let kind = "Status"; let message: String }
    private struct UserResource: Encodable {
        struct Metadata: Encodable { let name: String }
        let kind = "User"
        let apiVersion = "user.openshift.io/v1"
        let metadata: Metadata
    }
    private struct TokenResponse: Encodable { let token: String; let access_token: String }
}
