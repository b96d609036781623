import FoundationEssentials
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS
import Synchronization
import X509

/// TLS connections to a registry, for trust decisions. Nothing is ever sent over them.
public enum TLSProbe {
    /// The certificate chain `host` presents, leaf first, without trusting it.
    ///
    /// This is the one place where the usual verification is replaced: the callback records
    /// the chain and fails the handshake, so the connection carries no data.
    public static func presentedChain(of host: RegistryHost, timeout: Duration = .seconds(5)) async throws(TrustError) -> [Certificate] {
        let recorded = Mutex<[NIOSSLCertificate]>([])
        let outcome = await handshake(host: host, configuration: .makeClientConfiguration(), timeout: timeout) { certificates, promise in
            recorded.withLock { $0 = certificates }
            promise.succeed(.failed)
        }
        let chain = recorded.withLock { $0 }
        if chain.isEmpty {
            if case .failure(let error) = outcome { throw .serverUnreachable(host: host, reason: describe(error)) }
            throw .noCertificateFromServer(host: host)
        }
        do {
            return try chain.map { try Certificate(derEncoded: try $0.toDERBytes()) }
        } catch {
            throw .malformedCertificate(source: "the certificate \(host) sent", index: 1, reason: "\(error)")
        }
    }

    /// A real handshake with full verification, trusting the system roots plus `roots`, as
    /// podman, skopeo and docker do with a certs.d directory (or `roots` alone, when
    /// `withSystemRoots` is false). Fails with ``TrustError/verificationFailed(host:summary:)``
    /// for a certificate that does not verify, ``TrustError/serverUnreachable(host:reason:)``
    /// when no handshake took place.
    public static func verify(
        _ host: RegistryHost, trusting roots: [Certificate], withSystemRoots: Bool = true, timeout: Duration = .seconds(5)
    ) async -> Result<Void, TrustError> {
        let configuration: TLSConfiguration
        do {
            configuration = withSystemRoots ? try .trusting(roots) : try .trustingOnly(roots)
        } catch {
            return .failure(.malformedCertificate(source: "certs.d", index: 1, reason: "\(error)"))
        }
        return await handshake(host: host, configuration: configuration, timeout: timeout, callback: nil).mapError { error in
            TLSFailure(error) != nil
                ? .verificationFailed(host: host, summary: describe(error)) : .serverUnreachable(host: host, reason: describe(error))
        }
    }

    private static func handshake(
        host: RegistryHost,
        configuration: TLSConfiguration,
        timeout: Duration,
        callback: (@Sendable ([NIOSSLCertificate], EventLoopPromise<NIOSSLVerificationResult>) -> Void)?
    ) async -> Result<Void, any Error> {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let handshakeDone = loop.makePromise(of: Void.self)
        let proxy: ProxyURL?
        do {
            proxy = try ProxyConfiguration.process.proxy(forHost: host.address, port: host.connectPort)
        } catch {
            return .failure(error)
        }
        do {
            let context = try NIOSSLContext(configuration: configuration)
            let serverName = host.isIPAddress ? nil : host.address
            @Sendable func addTLS(to channel: any Channel) throws {
                let handler = if let callback {
                    try NIOSSLClientHandler(context: context, serverHostname: serverName, customVerificationCallback: callback)
                } else {
                    try NIOSSLClientHandler(context: context, serverHostname: serverName)
                }
                try channel.pipeline.syncOperations.addHandler(handler)
                try channel.pipeline.syncOperations.addHandler(HandshakeObserver(promise: handshakeDone))
            }
            let channel = try await ClientBootstrap(group: loop)
                .connectTimeout(.init(timeout))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        guard let proxy else { return try addTLS(to: channel) }
                        // TLS starts once the proxy has opened the tunnel.
                        let tunnel = ProxyTunnel(proxy: proxy, target: "\(host.address):\(host.connectPort)", established: channel.eventLoop.makePromise())
                        tunnel.established.futureResult.whenComplete { result in
                            do {
                                try result.get()
                                try addTLS(to: channel)
                            } catch {
                                handshakeDone.fail(error)
                            }
                        }
                        try channel.pipeline.syncOperations.addHandler(tunnel)
                    }
                }
                .connect(host: proxy?.host ?? host.address, port: proxy?.port ?? host.connectPort)
                .flatMapErrorThrowing { error in
                    // Through a proxy, the only connection made is to the proxy.
                    guard let proxy else { throw error }
                    throw ProxyFailure(proxy: proxy, target: "\(host.address):\(host.connectPort)", kind: .unreachable(reason: NetworkFailureText.describe(error)))
                }
                .get()
            defer { channel.close(promise: nil) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await handshakeDone.futureResult.get() }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    throw ProbeTimeout()
                }
                try await group.next()
                group.cancelAll()
            }
            return .success(())
        } catch {
            handshakeDone.fail(error)
            return .failure(error)
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case is ProbeTimeout: "no TLS handshake within the time limit"
        case let failure as ProxyFailure: failure.description
        case let proxy as ProxyError: proxy.message
        default: TLSFailure(error)?.text ?? NetworkFailureText.describe(error)
        }
    }
}

private struct ProbeTimeout: Error {}

/// Completes its promise once: with the TLS handshake, or with the first error or close.
private final class HandshakeObserver: ChannelInboundHandler {
    typealias InboundIn = Any
    private var promise: EventLoopPromise<Void>?

    init(promise: EventLoopPromise<Void>) { self.promise = promise }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event { complete(.success(())) }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        complete(.failure(error))
    }

    func channelInactive(context: ChannelHandlerContext) {
        complete(.failure(ChannelError.ioOnClosedChannel))
        context.fireChannelInactive()
    }

    private func complete(_ result: Result<Void, any Error>) {
        promise?.completeWith(result)
        promise = nil
    }
}
