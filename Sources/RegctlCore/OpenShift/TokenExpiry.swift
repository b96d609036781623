import Crypto
import FoundationEssentials

/// When an OpenShift token expires, where that can be known: what its exec plugin said, an
/// OAuth token (`sha256~…`) from its own `useroauthaccesstokens` record, a JWT (an external
/// OIDC ID token, a service account's) from its `exp` claim.
public enum TokenExpiry {
    /// The expiry of a kubeconfig context's token, asking its cluster only when the
    /// kubeconfig lets regctl verify it; nil when it never expires or cannot be known.
    public static func of(_ token: OpenShiftToken) async -> Date? {
        if let expiry = token.expiry { return expiry }
        if let exp = jwtExpiry(token.token) { return exp }
        guard token.token.hasPrefix(oauthPrefix) else { return nil }
        return try? await OpenShiftAPI.with(token) { api in await of(tokenOf: api) }
    }

    /// The expiry of the token `api` asks with; nil when it never expires or cannot be known.
    public static func of(tokenOf api: OpenShiftAPI) async -> Date? {
        let token = api.token.token
        if let exp = jwtExpiry(token) { return exp }
        guard token.hasPrefix(oauthPrefix) else { return nil }
        struct Record: Decodable, Sendable {
            struct Metadata: Decodable, Sendable { let creationTimestamp: String }
            let metadata: Metadata
            let expiresIn: Int?
        }
        guard case .found(let record)? = try? await api.get("/apis/oauth.openshift.io/v1/useroauthaccesstokens/\(recordName(of: token))", as: Record.self),
              let expiresIn = record.expiresIn, expiresIn > 0,
              let created = try? Date(record.metadata.creationTimestamp, strategy: .iso8601)
        else { return nil }
        return created + TimeInterval(expiresIn)
    }

    static let oauthPrefix = "sha256~"

    /// The record name of an OAuth (`sha256~`) token, which the cluster shows its owner;
    /// nil for any other token.
    static func oauthName(of token: String) -> String? {
        token.hasPrefix(oauthPrefix) ? recordName(of: token) : nil
    }

    /// The name of an OAuth token's record: `sha256~` + base64url(SHA-256(the token
    /// without its prefix)), unpadded.
    static func recordName(of token: String) -> String {
        let digest = Data(SHA256.hash(data: Data(token.dropFirst(oauthPrefix.count).utf8)))
        return oauthPrefix + digest.base64EncodedString()
            .replacing("+", with: "-").replacing("/", with: "_").replacing("=", with: "")
    }

    /// The `exp` claim of a JWT; nil for anything else.
    static func jwtExpiry(_ token: String) -> Date? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var payload = String(parts[1]).replacing("-", with: "+").replacing("_", with: "/")
        payload += String(repeating: "=", count: (4 - payload.count % 4) % 4)
        struct Claims: Decodable { let exp: Double? }
        guard let data = Data(base64Encoded: payload), let exp = (try? JSONDecoder().decode(Claims.self, from: data))?.exp else { return nil }
        return Date(timeIntervalSince1970: exp)
    }
}
