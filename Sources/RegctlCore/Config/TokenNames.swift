import Crypto
import FoundationEssentials
import Glibc

/// Names for the tokens regctl stored, which tell two tokens apart without revealing them:
/// an OAuth token's own record name (`sha256~…`, public: the cluster lists it to its owner),
/// else a keyed hash (HMAC-SHA256) under a random key of this user's, so that a password or
/// another guessable secret cannot be tried against regctl's config.
public struct TokenNames: Sendable {
    /// `token-key` beside regctl's config: 32 random bytes, mode 0600.
    let keyFile: URL

    public init(config: RegctlConfigFile) {
        keyFile = config.url.deletingLastPathComponent().appendingPathComponent("token-key")
    }

    /// The name of `token`; nil when it needs the key and there is none yet (then no stored
    /// token can have that name).
    public func name(of token: String) -> String? {
        if let name = TokenExpiry.oauthName(of: token) { return name }
        return readKey().map { Self.keyedName(of: token, key: $0) }
    }

    /// The name of `token`, making the key first when there is none.
    public func makeName(of token: String) throws(AuthFileError) -> String {
        if let name = TokenExpiry.oauthName(of: token) { return name }
        if let key = readKey() { return Self.keyedName(of: token, key: key) }
        return Self.keyedName(of: token, key: try makeKey())
    }

    private static func keyedName(of token: String, key: SymmetricKey) -> String {
        "hmac-sha256:" + Data(HMAC<SHA256>.authenticationCode(for: Data(token.utf8), using: key)).hexDigits()
    }

    private func readKey() -> SymmetricKey? {
        guard let data = try? LockedFile.contents(of: keyFile), data.count == 32 else { return nil }
        return SymmetricKey(data: data)
    }

    /// Writes a new key unless another regctl made one meanwhile; then that one is used.
    private func makeKey() throws(AuthFileError) -> SymmetricKey {
        let directory = keyFile.deletingLastPathComponent()
        try LockedFile.guardRootWrite(keyFile)
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try LockedFile.guardRootWrite(keyFile)
        let key = SymmetricKey(size: .bits256)
        let descriptor = open(keyFile.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST, let existing = readKey() { return existing }
            throw .ioFailed(path: keyFile.path, reason: SystemErrorText.current)
        }
        defer { close(descriptor) }
        let written = key.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == 32, fsync(descriptor) == 0 else { throw .ioFailed(path: keyFile.path, reason: SystemErrorText.current) }
        return key
    }
}
