import FoundationEssentials
import Glibc
import SwiftASN1
import X509

/// The certificates of a PEM bundle, checked to be certificates and nothing else.
public struct CertificateBundle: Sendable {
    public let certificates: [Certificate]

    /// Parses `pem`; `source` names it in errors (a file path, or "the server").
    public init(pem: String, source: String) throws(TrustError) {
        let documents: [PEMDocument]
        do {
            documents = try PEMDocument.parseMultiple(pemString: pem)
        } catch {
            throw .malformedCertificate(source: source, index: 1, reason: "\(error)")
        }
        guard !documents.isEmpty else { throw .notPEM(source: source) }
        var certificates: [Certificate] = []
        for (index, document) in documents.enumerated() {
            guard document.discriminator == "CERTIFICATE" else { throw .notACertificate(source: source, block: document.discriminator) }
            do {
                certificates.append(try Certificate(derEncoded: document.derBytes))
            } catch {
                throw .malformedCertificate(source: source, index: index + 1, reason: "\(error)")
            }
        }
        self.certificates = certificates
    }

    public init(certificates: [Certificate]) {
        self.certificates = certificates
    }

    /// Reads and parses the bundle at `path`.
    public init(contentsOf path: String) throws(TrustError) {
        let read: Data?
        do {
            read = try BoundedFile.contents(of: path, limit: BoundedFile.certificateLimit)
        } catch {
            throw .unreadableFile(path: path, reason: error.reason)
        }
        guard let data = read else { throw .unreadableFile(path: path, reason: String(cString: strerror(ENOENT))) }
        guard let text = String(data: data, encoding: .utf8) else { throw .notPEM(source: path) }
        try self.init(pem: text, source: path)
    }

    /// The bundle as PEM text, one block per certificate.
    public func pemString() throws -> String {
        try certificates.map { try $0.serializeAsPEM().pemString + "\n" }.joined()
    }
}
