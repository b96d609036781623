import FoundationEssentials

/// A registry credential: who, for which server, and the secret (a password or token).
public struct Credential: Sendable, Equatable {
    public let server: String
    public let username: String
    public let secret: String

    public init(server: String, username: String, secret: String) {
        self.server = server
        self.username = username
        self.secret = secret
    }

    /// The credential of an auth file's `auth` value, base64 of `user:secret`; nil when it is not one.
    public init?(auth: String, server: String) {
        guard let data = Data(base64Encoded: auth), let pair = String(data: data, encoding: .utf8),
              let colon = pair.firstIndex(of: ":")
        else { return nil }
        self.init(server: server, username: String(pair[..<colon]), secret: String(pair[pair.index(after: colon)...]))
    }
}

/// Where secrets are kept.
public protocol CredentialStore: Sendable {
    /// The credential stored for `server` (matched exactly), or `nil`.
    func get(server: String) throws(CredentialError) -> Credential?
    /// Stores `credential`, replacing whatever was stored for its server.
    func store(_ credential: Credential) throws(CredentialError)
    /// Removes the credential of `server`; nothing stored is not an error.
    func erase(server: String) throws(CredentialError)
    /// Every stored server with its user name.
    func list() throws(CredentialError) -> [String: String]
    /// Starts connecting to the store in the background, so that the next call finds it
    /// ready; reads, writes and asks nothing. Stores without a connection do nothing.
    func connectAhead()
}

extension CredentialStore {
    public func connectAhead() {}

    /// ``get(server:)`` on a thread of its own: the keyring answers over D-Bus, and Swift's
    /// cooperative pool must never wait for it.
    public func read(server: String) async throws -> Credential? {
        try await onOwnThread { try get(server: server) }.value
    }
}

/// Why a credential could not be read or written.
public enum CredentialError: RegctlError, Equatable {
    /// No D-Bus session bus, no Secret Service on it, or it did not answer in time.
    case storeUnavailable(String)
    /// The keyring is locked and nobody can unlock it here.
    case locked
    /// The Secret Service answered with an error.
    case storeFailed(String)

    public var message: String {
        switch self {
        case .storeUnavailable(let reason): "the desktop keyring (Secret Service) is not available: \(reason)"
        case .locked: "the desktop keyring is locked and cannot be unlocked here (no display to ask for its password)"
        case .storeFailed(let reason): "the desktop keyring refused the operation: \(reason)"
        }
    }

    public var fix: Fix? {
        switch self {
        case .storeUnavailable, .locked:
            .act("Log in to a desktop session (or start and unlock gnome-keyring-daemon), or use --store file to keep the secret unencrypted in the auth files.")
        case .storeFailed: nil
        }
    }

    public var status: ExitStatus {
        switch self {
        case .storeUnavailable, .locked: .storeUnavailable
        case .storeFailed: .failed
        }
    }
}
