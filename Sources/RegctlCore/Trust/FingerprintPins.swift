import X509

/// The `--fingerprint`s a CA is installed under. A pin is a pin: when any are given, every
/// certificate to be installed must have one of them, and each must name a certificate to
/// be installed, so a bundle never comes in on the fingerprint of one of its certificates.
public struct FingerprintPins: Sendable {
    public let fingerprints: [String]

    public init(_ fingerprints: [String]) {
        self.fingerprints = fingerprints
    }

    public var isEmpty: Bool { fingerprints.isEmpty }

    /// How `certificates`, read from `source` (a file the user can edit when `isFile`), and
    /// the pins fail to pair up; nil when they do, or when there are no pins.
    public func mismatch(_ certificates: [Certificate], source: String, isFile: Bool) -> FingerprintMismatch? {
        guard !isEmpty else { return nil }
        let summaries = certificates.map(CertificateSummary.init)
        let unpinned = summaries.filter { summary in !fingerprints.contains { CertificateSummary.sameFingerprint($0, summary.fingerprint) } }
        let unmatched = fingerprints.filter { pin in !summaries.contains { CertificateSummary.sameFingerprint(pin, $0.fingerprint) } }
        guard !unpinned.isEmpty || !unmatched.isEmpty else { return nil }
        return FingerprintMismatch(source: source, isFile: isFile, unmatched: unmatched, unpinned: unpinned)
    }

    /// Throws ``TrustError/fingerprintMismatch(_:)`` unless `certificates` and the pins pair up.
    func check(_ certificates: [Certificate], source: String, isFile: Bool) throws(TrustError) {
        if let mismatch = mismatch(certificates, source: source, isFile: isFile) { throw .fingerprintMismatch(mismatch) }
    }
}

/// Certificates to be installed and `--fingerprint`s that do not pair up.
public struct FingerprintMismatch: Sendable, Equatable {
    /// Where the certificates came from, for a person: a file, or the server's chain.
    public let source: String
    /// Whether `source` is a file the user can take a certificate out of.
    public let isFile: Bool
    /// The fingerprints no certificate has, as given.
    public let unmatched: [String]
    /// The certificates no fingerprint names.
    public let unpinned: [CertificateSummary]

    public var message: String {
        var holds: [String] = []
        if !unmatched.isEmpty {
            holds.append("no certificate with the fingerprint \(unmatched.map { UntrustedText.escaped($0) }.joined(separator: " or "))")
        }
        if !unpinned.isEmpty {
            let listed = unpinned.map { "\($0.subject) (SHA-256 \($0.fingerprint))" }.joined(separator: "; ")
            holds.append((unpinned.count == 1 ? "a certificate" : "\(unpinned.count) certificates") + " no --fingerprint names: \(listed)")
        }
        return "fingerprint mismatch: \(source) holds " + holds.joined(separator: ", and ")
    }

    /// What to do: never pin a certificate that just failed the pins. A file that holds every
    /// pinned certificate and others too loses the others; anything else is not installed.
    public var fix: Fix {
        guard isFile, unmatched.isEmpty, !unpinned.isEmpty else {
            return .act("Do not install it: compare the fingerprint with the one your cluster administrator published.")
        }
        let them = unpinned.count == 1 ? "the certificate" : "the \(unpinned.count) certificates"
        return .act("Install only what the published fingerprints name: remove \(them) no --fingerprint names from \(source).")
    }
}
