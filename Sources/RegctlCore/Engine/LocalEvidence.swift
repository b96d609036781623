import FoundationEssentials
import X509

/// The local facts that let `push` and `pull` hand over without a round trip: the engine's
/// certs.d directory holds CAs that have not expired, and the token is the one regctl
/// stored, with a known expiry that has not passed (the wiring is checked before). A token
/// an administrator revoked early then shows as the engine's own error, and `regctl status`
/// explains it: a deliberate trade, so that the common pull costs no round trip.
enum LocalEvidence {
    /// Why the registry must be asked, or nil when every fact holds. `secret` is the token
    /// the engine will be given when it is known without the keyring (a bound login's, or a
    /// plain auth-file entry's); nil means the stored token itself.
    static func staleFact(entry: RegctlConfig.Registry, roots: [Certificate], secret: String?, names: TokenNames, now: Date = Date()) -> String? {
        guard !roots.isEmpty else { return "no CA in certs.d for this engine" }
        if roots.contains(where: { $0.notValidAfter <= now }) { return "a CA in certs.d has expired" }
        guard let record = entry.token else { return "no record of the stored token" }
        if let secret, record.id != names.name(of: secret) { return "the token changed since it was stored" }
        guard let expiry = record.expiry else { return "the token's expiry is not known" }
        guard expiry > now else { return "the token expired on \(expiry.formatted(.iso8601))" }
        return nil
    }
}
