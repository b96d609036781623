import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One request as a harness server sees it.
public struct HTTPRequest: Sendable {
    public let method: HTTPMethod
    public let path: String
    public let query: [(name: String, value: String)]
    public let headers: HTTPHeaders
    public let body: Data

    public func queryValues(_ name: String) -> [String] { query.filter { $0.name == name }.map(\.value) }
}

/// The answer a harness server gives.
public struct HTTPResponse: Sendable {
    public var status: HTTPResponseStatus
    public var headers: HTTPHeaders
    public var body: Data

    public init(status: HTTPResponseStatus, headers: HTTPHeaders = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public static func json(_ status: HTTPResponseStatus = .ok, _ object: some Encodable) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: (try? encoder.encode(object)) ?? Data())
    }
}

/// A small HTTPS server on 127.0.0.1 with an ephemeral port, answering every request with
/// `handler`. The harness builds its stand-ins (OpenShift, broken registries) on it.
public final class LoopbackHTTPSServer: Sendable {
    public let port: Int
    private let channel: any Channel

    public init(
        certificate: IssuedCertificate,
        handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse
    ) async throws {
        let tls = try NIOSSLContext(serving: certificate)
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.addHandler(NIOSSLServerHandler(context: tls))
                    try pipeline.configureHTTPServerPipeline()
                    try pipeline.addHandler(Responder(handler: handler))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        port = channel.localAddress?.port ?? 0
    }

    /// `host:port` of the server.
    public var host: String { "127.0.0.1:\(port)" }

    public func stop() async {
        try? await channel.close()
    }
}

private final class Responder: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let handler: @Sendable (HTTPRequest) -> HTTPResponse
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()

    init(handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse) { self.handler = handler }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body.clear()
        case .body(var chunk):
            body.writeBuffer(&chunk)
        case .end:
            guard let head else { return }
            let components = URLComponents(string: head.uri)
            let request = HTTPRequest(
                method: head.method,
                path: components?.path ?? head.uri,
                query: (components?.queryItems ?? []).map { ($0.name, $0.value ?? "") },
                headers: head.headers,
                body: Data(body.readableBytesView)
            )
            var response = handler(request)
            response.headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: response.status, headers: response.headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}

extension NIOSSLContext {
    /// A server context presenting `certificate` (and nothing of the CA); one
    /// `demandingClientCertificate` speaks TLS 1.2 at most and refuses a client without one.
    convenience init(serving certificate: IssuedCertificate, demandingClientCertificate: Bool = false) throws {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(try NIOSSLCertificate(bytes: Array(try certificate.certificatePEM.utf8), format: .pem))],
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(certificate.privateKeyPEM.utf8), format: .pem))
        )
        if demandingClientCertificate {
            configuration.certificateVerification = .noHostnameVerification
            configuration.maximumTLSVersion = .tlsv12
        }
        try self.init(configuration: configuration)
    }
}
