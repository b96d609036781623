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
    }

    public let port: Int
    private let channel: any Channel
    private let accepted = ConnectionCount()

    public init(_ behaviour: Behaviour, certificate: IssuedCertificate) async throws {
        let tls = try NIOSSLContext(serving: certificate)
        let accepted = accepted
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                accepted.count.withLock { $0 += 1 }
                return channel.eventLoop.makeCompletedFuture {
                    if case .silent = behaviour { return }
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
        case .silent:
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
