import NIOSSL
import X509

extension TLSConfiguration {
    /// A client configuration with full verification that trusts the system roots plus `roots`.
    static func trusting(_ roots: [Certificate]) throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.additionalTrustRoots = [.certificates(try roots.map { try NIOSSLCertificate(bytes: $0.derBytes, format: .der) })]
        return configuration
    }

    /// A client configuration with full verification that trusts `roots` alone.
    static func trustingOnly(_ roots: [Certificate]) throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .certificates(try roots.map { try NIOSSLCertificate(bytes: $0.derBytes, format: .der) })
        return configuration
    }
}
