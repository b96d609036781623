import Crypto
import Foundation
import SwiftASN1
import X509

/// A certificate and its private key, as PEM text.
public struct IssuedCertificate: Sendable {
    public let certificate: Certificate
    public let privateKey: P256.Signing.PrivateKey

    public var certificatePEM: String { get throws { try certificate.serializeAsPEM().pemString + "\n" } }
    public var privateKeyPEM: String { privateKey.pemRepresentation + "\n" }
}

/// A throwaway certificate authority, made fresh for a test run, that issues the TLS
/// certificates of the harness's servers and the registry's token-signing certificate.
public struct TestCertificateAuthority: Sendable {
    public let root: IssuedCertificate

    public var certificatePEM: String { get throws { try root.certificatePEM } }

    /// A new self-signed CA named `name`, valid from an hour ago for `lifetime`, limited by a
    /// name constraint to `permittedDNSDomains` and the other `permitted` names, and never
    /// for the `excluded` ones, when any are given.
    public init(
        name: String = "regctl test CA", lifetime: TimeInterval = 365 * 86_400, permittedDNSDomains: [String] = [],
        permitted: [GeneralName] = [], excluded: [GeneralName] = []
    ) throws {
        let constraints = NameConstraints(permittedSubtrees: permittedDNSDomains.map { .dnsName($0) } + permitted, excludedSubtrees: excluded)
        let key = P256.Signing.PrivateKey()
        let subject = try DistinguishedName { CommonName(name); OrganizationName("regctl tests") }
        let now = Date()
        let certificate = try Certificate(
            version: .v3,
            serialNumber: .init(),
            publicKey: .init(key.publicKey),
            notValidBefore: now - 3600,
            notValidAfter: now + lifetime,
            issuer: subject,
            subject: subject,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: Certificate.PublicKey(key.publicKey))
                if constraints != NameConstraints() { Critical(constraints) }
            },
            issuerPrivateKey: .init(key)
        )
        root = IssuedCertificate(certificate: certificate, privateKey: key)
    }

    /// A TLS server certificate for `hosts` (DNS names or IPv4 addresses).
    public func issueServerCertificate(for hosts: [String] = ["localhost", "127.0.0.1"]) throws -> IssuedCertificate {
        let names = hosts.map { host -> GeneralName in
            let octets = host.split(separator: ".").compactMap { UInt8($0) }
            return octets.count == 4 ? .ipAddress(ASN1OctetString(contentBytes: ArraySlice(octets))) : .dnsName(host)
        }
        return try issue(
            commonName: hosts.first ?? "server",
            usage: try Certificate.Extensions {
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(names)
            }
        )
    }

    /// A certificate for signing JSON web tokens, as the registry's token auth checks them.
    public func issueSigningCertificate(commonName: String = "token signer") throws -> IssuedCertificate {
        try issue(commonName: commonName, usage: try Certificate.Extensions { Critical(KeyUsage(digitalSignature: true)) })
    }

    private func issue(commonName: String, usage: Certificate.Extensions) throws -> IssuedCertificate {
        let key = P256.Signing.PrivateKey()
        let now = Date()
        let authorityKey = SubjectKeyIdentifier(hash: root.certificate.publicKey).keyIdentifier
        let extensions = try Certificate.Extensions {
            usage
            Critical(BasicConstraints.notCertificateAuthority)
            AuthorityKeyIdentifier(keyIdentifier: authorityKey)
        }
        let certificate = try Certificate(
            version: .v3,
            serialNumber: .init(),
            publicKey: .init(key.publicKey),
            notValidBefore: now - 3600,
            notValidAfter: min(now + 86_400, root.certificate.notValidAfter),
            issuer: root.certificate.subject,
            subject: try DistinguishedName { CommonName(commonName) },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: extensions,
            issuerPrivateKey: .init(root.privateKey)
        )
        return IssuedCertificate(certificate: certificate, privateKey: key)
    }
}
