import NIOSSL
import X509

extension TLSConfiguration {
    /// A client configuration with full verification that trusts the system roots plus `roots`.
    static func trusting(_ roots: [Certificate]) throws -> TLSConfiguration {
        var configuration = TLSConfiguration.client
        configuration.additionalTrustRoots = [.certificates(try roots.map { try NIOSSLCertificate(bytes: $0.derBytes, format: .der) })]
        return configuration
    }

    /// A client configuration with full verification that trusts `roots` alone.
    static func trustingOnly(_ roots: [Certificate]) throws -> TLSConfiguration {
        var configuration = TLSConfiguration.client
        configuration.trustRoots = .certificates(try roots.map { try NIOSSLCertificate(bytes: $0.derBytes, format: .der) })
        return configuration
    }
}

extension TLSConfiguration {
    /// A client configuration that does not wait for the server's TLS close_notify when it
    /// closes a connection: NIO's default waits up to 5 s, which a server stalled mid-answer
    /// would add to every failure. Nothing regctl sent depends on that reply.
    fileprivate static var client: TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.shutdownTimeout = .milliseconds(100)
        return configuration
    }
}
