import Foundation
@testable import RegctlCore
import Testing

@Suite("token expiry")
struct TokenExpiryTests {
    @Test("an OAuth token's record name: sha256~ + unpadded base64url of SHA-256 of the token without its prefix")
    func recordName() {
        // printf abc | sha256sum, as base64url without padding.
        #expect(TokenExpiry.recordName(of: "sha256~abc") == "sha256~ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0")
    }

    @Test("a JWT's exp claim; anything else has none")
    func jwtExpiry() {
        let payload = "eyJleHAiOjE4MDAwMDAwMDAsInN1YiI6IngifQ"  // {"exp":1800000000,"sub":"x"}
        #expect(TokenExpiry.jwtExpiry("eyJhbGciOiJSUzI1NiJ9.\(payload).c2ln") == Date(timeIntervalSince1970: 1_800_000_000))
        #expect(TokenExpiry.jwtExpiry("sha256~abc") == nil)
        #expect(TokenExpiry.jwtExpiry("a.bm90IGpzb24.c") == nil)
        #expect(TokenExpiry.jwtExpiry("a.eyJzdWIiOiJ4In0.c") == nil, "no exp claim")
    }
}
