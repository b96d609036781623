import FoundationEssentials
import X509

/// Checks a candidate CA in process, before anything is written.
public enum AnchorCheck {
    /// Refuses a certificate that is expired or not yet valid.
    public static func checkValidity(_ certificate: Certificate, now: Date = Date()) throws(TrustError) {
        let subject = certificate.subject.description
        if certificate.notValidAfter < now { throw .expired(subject: subject, notAfter: certificate.notValidAfter.formatted(.iso8601)) }
        if certificate.notValidBefore > now { throw .notYetValid(subject: subject, notBefore: certificate.notValidBefore.formatted(.iso8601)) }
    }

    /// Whether `roots` verify `chain` (leaf first) for `host`: signatures, validity, and the name.
    public static func verify(chain: [Certificate], for host: RegistryHost, roots: [Certificate]) async throws(TrustError) {
        guard let leaf = chain.first else { throw .noCertificateFromServer(host: host) }
        var verifier = Verifier(rootCertificates: CertificateStore(roots)) {
            RFC5280Policy()
            ServerIdentityPolicy(
                serverHostname: host.isIPAddress ? nil : host.address,
                serverIP: host.isIPAddress ? host.address : nil
            )
        }
        let result = await verifier.validate(leaf: leaf, intermediates: CertificateStore(chain.dropFirst()))
        if case .couldNotValidate(let failures) = result {
            let reason = failures.first.map { "\($0.policyFailureReason)" } ?? "no chain leads to this CA"
            throw .doesNotVerifyServer(host: host, reason: reason)
        }
    }

    /// The trust anchor in what a server sent: a self-signed root if it sent one, else the
    /// top-most CA certificate, else a self-signed leaf. `nil` when it sent none of these.
    public static func anchor(in chain: [Certificate]) -> (certificate: Certificate, isRoot: Bool)? {
        if let root = chain.last(where: { $0.isSelfSigned && $0.isCertificateAuthority }) { return (root, true) }
        if let topCA = chain.last(where: \.isCertificateAuthority) { return (topCA, false) }
        if let leaf = chain.first, chain.count == 1, leaf.isSelfSigned { return (leaf, true) }
        return nil
    }
}
