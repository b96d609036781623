import Crypto
import FoundationEssentials
import SwiftASN1
import X509

/// What a person needs to recognise a certificate: subject, issuer, validity, SHA-256
/// fingerprint, and whether it is a CA. Subject and issuer are the certificate's own
/// words, so they come escaped (``UntrustedText``).
public struct CertificateSummary: Codable, Sendable, Equatable {
    public let subject: String
    public let issuer: String
    public let notBefore: Date
    public let notAfter: Date
    /// SHA-256 of the DER encoding, as colon-separated upper-case hex (the form openssl prints).
    public let fingerprint: String
    public let isCA: Bool
    public let isSelfSigned: Bool
    /// For a CA, the host names and IP addresses it vouches for wherever it is trusted for
    /// all hosts, by its name constraints (``NameConstraintsText``); nil for any other certificate.
    public let vouchesFor: String?

    public init(_ certificate: Certificate) {
        subject = UntrustedText.escaped(certificate.subject.description)
        issuer = UntrustedText.escaped(certificate.issuer.description)
        notBefore = certificate.notValidBefore
        notAfter = certificate.notValidAfter
        fingerprint = Self.fingerprint(of: certificate)
        isCA = certificate.isCertificateAuthority
        isSelfSigned = certificate.isSelfSigned
        vouchesFor = isCA ? NameConstraintsText.scope(of: certificate) : nil
    }

    public static func fingerprint(of certificate: Certificate) -> String {
        SHA256.hash(data: certificate.derBytes).hexDigits(uppercase: true, separator: ":")
    }

    /// Compares fingerprints the way people write them: any case, colons optional.
    public static func sameFingerprint(_ a: String, _ b: String) -> Bool {
        func normalised(_ text: String) -> String {
            text.uppercased().filter { $0 != ":" && !$0.isWhitespace }.replacing("SHA256", with: "")
        }
        return normalised(a) == normalised(b)
    }
}

extension Certificate {
    var isCertificateAuthority: Bool {
        guard let constraints = try? extensions.basicConstraints else { return false }
        if case .isCertificateAuthority = constraints { return true }
        return false
    }

    var isSelfSigned: Bool {
        subject == issuer && publicKey.isValidSignature(signature, for: self)
    }

    var derBytes: [UInt8] {
        var serializer = DER.Serializer()
        try? serializer.serialize(self)
        return serializer.serializedBytes
    }
}
