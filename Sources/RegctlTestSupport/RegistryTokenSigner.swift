import Crypto
import Foundation
import X509

/// One entry of a registry token's `access` claim.
public struct RegistryAccess: Codable, Sendable, Equatable {
    public let type: String
    public let name: String
    public let actions: [String]

    public init(type: String, name: String, actions: [String]) {
        self.type = type
        self.name = name
        self.actions = actions
    }

    /// Parses a `scope` parameter, `repository:project/name:pull,push`.
    public init?(scope: String) {
        let parts = scope.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return nil }
        type = String(parts[0])
        name = parts[1..<(parts.count - 1)].joined(separator: ":")
        actions = parts[parts.count - 1].split(separator: ",").map(String.init)
    }
}

/// Signs the JSON web tokens distribution's token auth accepts: ES256 with the signer's
/// certificate in the `x5c` header, the certificate chaining to the registry's
/// `rootcertbundle`.
public struct RegistryTokenSigner: Sendable {
    public let signer: IssuedCertificate
    public let issuer: String
    public let service: String

    public func token(subject: String, access: [RegistryAccess], lifetime: TimeInterval = 300) throws -> String {
        struct Header: Encodable { let typ = "JWT"; let alg = "ES256"; let x5c: [String] }
        struct Claims: Encodable {
            let iss, sub, aud, jti: String
            let exp, nbf, iat: Int
            let access: [RegistryAccess]
        }
        let now = Int(Date().timeIntervalSince1970)
        let header = Header(x5c: [Data(try signer.certificate.serializeAsPEM().derBytes).base64EncodedString()])
        let claims = Claims(
            iss: issuer, sub: subject, aud: service, jti: UUID().uuidString,
            exp: now + Int(lifetime), nbf: now - 10, iat: now, access: access
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let signingInput = try encoder.encode(header).base64URL + "." + encoder.encode(claims).base64URL
        let signature = try signer.privateKey.signature(for: Data(signingInput.utf8))
        return signingInput + "." + signature.rawRepresentation.base64URL
    }
}

extension Data {
    var base64URL: String {
        base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
