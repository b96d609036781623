import Crypto
import Foundation
@testable import RegctlCore
import Testing

/// The names regctl keeps for stored tokens reveal nothing that can be tried offline.
@Suite("token names")
struct TokenNamesTests {
    func names(in directory: URL) -> TokenNames {
        TokenNames(config: RegctlConfigFile(environment: RegctlEnvironment(variables: ["XDG_CONFIG_HOME": directory.path], isRoot: false, isInteractive: false)))
    }

    @Test("an OAuth token is named by its public record name; any other secret by a keyed hash under a key of the user's own, mode 0600")
    func names() throws {
        let first = FileManager.default.temporaryDirectory.appendingPathComponent("names-\(UUID().uuidString)")
        let second = FileManager.default.temporaryDirectory.appendingPathComponent("names-\(UUID().uuidString)")
        defer { for directory in [first, second] { try? FileManager.default.removeItem(at: directory) } }
        let (mine, theirs) = (names(in: first), names(in: second))

        #expect(mine.name(of: "sha256~abc") == TokenExpiry.recordName(of: "sha256~abc"))
        #expect(mine.name(of: "password123") == nil, "no key yet: no name, and no key is made by asking")
        #expect(!FileManager.default.fileExists(atPath: mine.keyFile.path))

        let named = try mine.makeName(of: "password123")
        #expect(named.hasPrefix("hmac-sha256:"))
        #expect(mine.name(of: "password123") == named, "the same secret, the same name")
        #expect(mine.name(of: "password124") != named)
        let unsalted = SHA256.hash(data: Data("password123".utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(!named.contains(unsalted))
        #expect(try theirs.makeName(of: "password123") != named, "another user's key names it differently")
        let attributes = try FileManager.default.attributesOfItem(atPath: mine.keyFile.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect((attributes[.size] as? NSNumber)?.intValue == 32)
    }
}
