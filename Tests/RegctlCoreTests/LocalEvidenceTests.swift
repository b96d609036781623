import Foundation
@testable import RegctlCore
import RegctlTestSupport
import Testing
import X509

/// The pre-flight's local facts, one at a time: each missing or stale one sends push and
/// pull to the registry, and only with all of them holding does the engine go alone.
@Suite("local evidence")
struct LocalEvidenceTests {
    static let token = "sha256~stored-token"
    /// No config directory: `sha256~` tokens are named without the key.
    static let names = TokenNames(config: RegctlConfigFile(environment: RegctlEnvironment(
        variables: ["HOME": "/nonexistent/regctl-local-evidence"], isRoot: false, isInteractive: false
    )))

    static func entry(token: String? = token, expiry: Date?) -> RegctlConfig.Registry {
        .init(store: .secretService, username: "dev", token: token.map { TokenRecord(id: names.name(of: $0) ?? "", expiry: expiry) })
    }

    @Test("every fact holds: no question to the registry; the first stale fact is named")
    func facts() throws {
        let now = Date()
        let inADay = now + 86_400
        let roots = [try TestCertificateAuthority(lifetime: 7 * 86_400).root.certificate]
        func stale(_ entry: RegctlConfig.Registry, roots: [Certificate] = roots, secret: String? = nil, at time: Date = now) -> String? {
            LocalEvidence.staleFact(entry: entry, roots: roots, secret: secret, names: Self.names, now: time)
        }

        #expect(stale(Self.entry(expiry: inADay)) == nil)
        #expect(stale(Self.entry(expiry: inADay), secret: Self.token) == nil, "the source's token is the one stored")
        #expect(stale(Self.entry(expiry: inADay), roots: []) == "no CA in certs.d for this engine")
        #expect(stale(Self.entry(expiry: now + 30 * 86_400), at: now + 8 * 86_400) == "a CA in certs.d has expired")
        #expect(stale(Self.entry(token: nil, expiry: nil)) == "no record of the stored token")
        #expect(stale(Self.entry(expiry: inADay), secret: "sha256~renewed-token") == "the token changed since it was stored")
        #expect(stale(Self.entry(expiry: inADay), secret: "a-password-with-no-key") == "the token changed since it was stored",
                "a secret that needs the key, and there is none: it cannot be the one stored")
        #expect(stale(Self.entry(expiry: nil)) == "the token's expiry is not known")
        let expiry = now - 60
        #expect(stale(Self.entry(expiry: expiry)) == "the token expired on \(expiry.formatted(.iso8601))")
        #expect(stale(Self.entry(expiry: now)) == "the token expired on \(now.formatted(.iso8601))", "an expiry of now has passed")
    }
}
