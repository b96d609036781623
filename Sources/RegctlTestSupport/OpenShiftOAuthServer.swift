import Crypto
import Foundation
import NIOHTTP1
import RegctlCore

/// The stand-in's OAuth server, with oauth-server's rules for `openshift-challenging-client`,
/// which `oc login -u USER` uses: discovery on the API server; the authorization request
/// needs `X-CSRF-Token` (else 401 without a challenge), answers a Basic challenge, challenges
/// a wrong password again and redirects with a code bound to the PKCE challenge; the token
/// request checks the client, the code (usable once), the redirect URI and the verifier.
struct OAuthServer {
    let cluster: ClusterRecords

    static let client = "openshift-challenging-client"

    /// The answer for an OAuth path, or nil for any other request.
    func respond(to request: HTTPRequest) -> HTTPResponse? {
        let issuer = cluster.state.withLock { $0.issuer }
        switch (request.method, request.path) {
        case (.GET, "/.well-known/oauth-authorization-server"):
            return .json(.ok, [
                "issuer": .string(issuer),
                "authorization_endpoint": .string(issuer + "/oauth/authorize"),
                "token_endpoint": .string(issuer + "/oauth/token"),
                "response_types_supported": ["code", "token"],
                "grant_types_supported": ["authorization_code", "implicit"],
                "code_challenge_methods_supported": ["plain", "S256"],
            ])
        case (.GET, "/oauth/authorize"):
            return authorize(request, issuer: issuer)
        case (.POST, "/oauth/token"):
            return exchange(request, issuer: issuer)
        default:
            return nil
        }
    }

    private func authorize(_ request: HTTPRequest, issuer: String) -> HTTPResponse {
        let redirect = request.queryValues("redirect_uri").first ?? ""
        guard request.queryValues("client_id") == [Self.client], request.queryValues("response_type") == ["code"],
              redirect == issuer + "/oauth/token/implicit"
        else { return oauthError(.badRequest, "invalid_request", "client_id, response_type or redirect_uri is wrong") }
        guard let csrf = request.headers.first(name: "X-CSRF-Token"), !csrf.isEmpty else {
            return HTTPResponse(status: .unauthorized, body: Data("A non-empty X-CSRF-Token header is required to receive basic-auth challenges\n".utf8))
        }
        var challenged = HTTPResponse(status: .unauthorized)
        challenged.headers.add(name: "WWW-Authenticate", value: #"Basic realm="openshift""#)
        guard let (user, password) = Self.basic(request.headers) else { return challenged }
        let known = cluster.state.withLock { $0.passwords[user] }
        guard let known, known == password else { return challenged }
        let method = request.queryValues("code_challenge_method").first ?? "plain"
        guard let challenge = request.queryValues("code_challenge").first, ["plain", "S256"].contains(method) else {
            return redirectError(redirect, "invalid_request", "a code challenge is required")
        }
        let code = UUID().uuidString
        cluster.state.withLock { $0.codes[code] = .init(user: user, challenge: challenge, method: method, redirect: redirect) }
        var found = HTTPResponse(status: .found)
        found.headers.add(name: "Location", value: redirect + "?code=" + code)
        return found
    }

    private func exchange(_ request: HTTPRequest, issuer: String) -> HTTPResponse {
        guard let (client, secret) = Self.basic(request.headers), client == Self.client, secret.isEmpty else {
            return oauthError(.unauthorized, "unauthorized_client", "the client is not openshift-challenging-client")
        }
        let form = Self.form(request.body)
        guard form["grant_type"] == "authorization_code", let code = form["code"] else {
            return oauthError(.badRequest, "unsupported_grant_type", "only authorization_code is served here")
        }
        // A code is good for one exchange, whatever its outcome.
        guard let issued = cluster.state.withLock({ $0.codes.removeValue(forKey: code) }) else {
            return oauthError(.badRequest, "invalid_grant", "the code is unknown or was used")
        }
        guard form["redirect_uri"] == issued.redirect else {
            return oauthError(.badRequest, "invalid_grant", "the redirect URI does not match")
        }
        let verifier = form["code_verifier"] ?? ""
        let expected = issued.method == "S256"
            ? Data(SHA256.hash(data: Data(verifier.utf8))).base64URL
            : verifier
        guard !verifier.isEmpty, expected == issued.challenge else {
            return oauthError(.badRequest, "invalid_grant", "code_verifier does not match the code challenge")
        }
        let token = "sha256~" + Data((0..<32).map { _ in UInt8.random(in: .min ... .max) }).base64URL
        let lifetime = 86_400
        cluster.state.withLock { state in
            state.tokens[token] = .init(user: issued.user, admin: false, created: Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)), expiresIn: lifetime)
            state.verifiedExchanges += 1
        }
        return .json(.ok, [
            "access_token": .string(token), "token_type": "Bearer", "expires_in": .number(String(lifetime)), "scope": "user:full",
        ])
    }

    private func oauthError(_ status: HTTPResponseStatus, _ error: String, _ description: String) -> HTTPResponse {
        .json(status, ["error": .string(error), "error_description": .string(description)])
    }

    private func redirectError(_ redirect: String, _ error: String, _ description: String) -> HTTPResponse {
        var found = HTTPResponse(status: .found)
        let escaped = description.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        found.headers.add(name: "Location", value: "\(redirect)?error=\(error)&error_description=\(escaped)")
        return found
    }

    private static func basic(_ headers: HTTPHeaders) -> (String, String)? {
        guard let value = headers.first(name: "Authorization"), value.lowercased().hasPrefix("basic "),
              let decoded = Data(base64Encoded: String(value.dropFirst(6))), let pair = String(data: decoded, encoding: .utf8),
              let colon = pair.firstIndex(of: ":")
        else { return nil }
        return (String(pair[..<colon]), String(pair[pair.index(after: colon)...]))
    }

    private static func form(_ body: Data) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        return fields
    }
}
