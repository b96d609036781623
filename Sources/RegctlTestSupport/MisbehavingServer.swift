import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// A server on 127.0.0.1 that breaks the rules of the network in one chosen way, for
/// proving that every request regctl makes ends within its time limit and memory.
public final class MisbehavingServer: Sendable {
    public enum Behaviour: Sendable {
        /// Accepts the TCP connection and never says a word: no TLS handshake.
        case silent
        /// Completes TLS, reads the request, sends the response headers and then nothing.
        case stallAfterHeaders
        /// Answers every request with a 200 whose body is this many bytes, or endless
        /// (chunked) when nil, sent as fast as the client reads.
        case body(bytes: Int?)
        /// Answers whatever arrives with a plain HTTP 400, as a port without TLS does.
        case plainHTTP
        /// Closes each connection once the client's first bytes (its TLS hello) arrive.
        case closeAtOnce
        /// Demands a client certificate (TLS 1.2, so that the refusal is an alert during the handshake).
        case demandClientCertificate
    }

    public let port: Int
    private let channel: any Channel
    private let accepted = ConnectionCount()

    public init(_ behaviour: Behaviour, certificate: IssuedCertificate) async throws {
        var demandsCertificate = false
        if case .demandClientCertificate = behaviour { demandsCertificate = true }
        let tls = try NIOSSLContext(serving: certificate, demandingClientCertificate: demandsCertificate)
        let accepted = accepted
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                accepted.count.withLock { $0 += 1 }
                return channel.eventLoop.makeCompletedFuture {
                    switch behaviour {
                    case .silent: return
                    case .closeAtOnce: return try channel.pipeline.syncOperations.addHandler(CloseAtOnce())
                    case .plainHTTP: return try channel.pipeline.syncOperations.addHandler(PlainHTTPAnswer())
                    default: break
                    }
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.addHandler(NIOSSLServerHandler(context: tls))
                    try pipeline.configureHTTPServerPipeline()
                    try pipeline.addHandler(MisbehavingResponder(behaviour: behaviour))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        port = channel.localAddress?.port ?? 0
    }

    /// `host:port` of the server.
    public var host: String { "127.0.0.1:\(port)" }

    /// How many connections the server has accepted.
    public var connections: Int { accepted.count.withLock { $0 } }

    public func stop() async {
        try? await channel.close()
    }
}

private final class ConnectionCount: Sendable {
    let count = Mutex(0)
}

/// Closes the connection once the first bytes arrive, having read them (so the close is an
/// orderly end of the stream, not a reset).
private final class CloseAtOnce: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.close(promise: nil)
    }
}

/// Answers the first bytes that arrive (a TLS ClientHello) with a plain HTTP 400 and closes.
private final class PlainHTTPAnswer: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let answer = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: answer))).whenComplete { _ in context.close(promise: nil) }
    }
}

private final class MisbehavingResponder: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let behaviour: MisbehavingServer.Behaviour
    /// Bytes of body still to send; nil for endless.
    private var remaining: Int?
    private var sending = false
    private static let chunk = ByteBuffer(repeating: UInt8(ascii: "x"), count: 64 * 1024)

    init(behaviour: MisbehavingServer.Behaviour) { self.behaviour = behaviour }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .end = unwrapInboundIn(data) else { return }
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        switch behaviour {
        case .silent, .plainHTTP, .closeAtOnce, .demandClientCertificate:
            return
        case .stallAfterHeaders:
            headers.add(name: "Content-Length", value: "1000")
        case .body(let bytes):
            if let bytes { headers.add(name: "Content-Length", value: String(bytes)) } else { headers.add(name: "Transfer-Encoding", value: "chunked") }
            remaining = bytes
            sending = true
        }
        context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
        sendWhileWritable(context: context)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        sendWhileWritable(context: context)
        context.fireChannelWritabilityChanged()
    }

    private func sendWhileWritable(context: ChannelHandlerContext) {
        while sending && context.channel.isWritable {
            var piece = Self.chunk
            if let left = remaining {
                piece = piece.getSlice(at: 0, length: min(left, piece.readableBytes)) ?? piece
                remaining = left - piece.readableBytes
                if remaining == 0 { sending = false }
            }
            context.write(wrapOutboundOut(.body(.byteBuffer(piece))), promise: nil)
            if !sending { context.write(wrapOutboundOut(.end(nil)), promise: nil) }
            context.flush()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        sending = false
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        sending = false
        context.close(promise: nil)
    }
}
