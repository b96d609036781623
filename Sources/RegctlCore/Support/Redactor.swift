import Synchronization

/// Removes secrets from text before it reaches a log line or an error message.
///
/// Secrets regctl handles are registered with ``register(_:)`` as soon as they are read;
/// on top of that, credentials in well-known shapes (HTTP authorisation headers, OpenShift
/// `sha256~` tokens, the credential-helper `Secret` field) are always masked.
public final class Redactor: Sendable {
    /// The process-wide redactor the logger and error output use.
    public static let shared = Redactor()

    public static let mask = "<redacted>"

    private let secrets = Mutex<Set<String>>([])

    public init() {}

    /// Remembers `secret` so that every later ``redact(_:)`` masks it.
    public func register(_ secret: String) {
        guard secret.count >= 4 else { return }
        secrets.withLock { _ = $0.insert(secret) }
    }

    /// `text` with every registered secret and every well-known credential shape masked.
    public func redact(_ text: String) -> String {
        var result = text
        for secret in secrets.withLock({ $0 }).sorted(by: { $0.count > $1.count }) {
            result = result.replacing(secret, with: Self.mask)
        }
        let lowered = result.lowercased()
        guard Self.patternAnchors.contains(where: lowered.contains) else { return result }
        for pattern in Self.patterns {
            result = result.replacing(pattern) { match in match.output.1 + Self.mask }
        }
        return result
    }

    /// Every pattern below needs one of these in its text, lowercased; checking them first
    /// spares most output the cost of Swift's regex engine.
    private static let patternAnchors = ["authorization", "basic", "bearer", "sha256~", "\""]

    nonisolated(unsafe) private static let patterns: [Regex<(Substring, Substring)>] = [
        #/(?i)((?:authorization|proxy-authorization):\s*(?:basic|bearer)\s+)[^\s"',]+/#,
        #/(?i)(\b(?:basic|bearer)\s+)[A-Za-z0-9+\/=._~-]{16,}/#,
        #/(sha256~)[A-Za-z0-9_-]+/#,
        #/("(?:Secret|secret|password|token|access_token|auth|identitytoken|registrytoken)"\s*:\s*")[^"]*/#,
    ]
}
