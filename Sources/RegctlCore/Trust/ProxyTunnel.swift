import NIOCore

/// The first handler on a connection to an HTTP proxy: asks it, with `CONNECT`, for a
/// tunnel to `target` and removes itself once the proxy answers 200, so that TLS then runs
/// end to end through the tunnel. The proxy sees the target's name, never what TLS carries.
final class ProxyTunnel: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let proxy: ProxyURL
    let target: String
    /// Completed once: with the tunnel, or with a ``ProxyFailure``.
    let established: EventLoopPromise<Void>
    private var answer = ByteBuffer()
    private var finished = false

    init(proxy: ProxyURL, target: String, established: EventLoopPromise<Void>) {
        self.proxy = proxy
        self.target = target
        self.established = established
    }

    func channelActive(context: ChannelHandlerContext) {
        var request = "CONNECT \(target) HTTP/1.1\r\nHost: \(target)\r\n"
        if let authorization = proxy.authorization { request += "Proxy-Authorization: \(authorization)\r\n" }
        request += "\r\n"
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: request)), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var chunk = unwrapInboundIn(data)
        answer.writeBuffer(&chunk)
        let text = String(buffer: answer)
        guard let end = text.firstRange(of: "\r\n\r\n") else {
            if answer.readableBytes > 16 * 1024 { fail(context, .notAProxy) }
            return
        }
        let status = text[..<end.lowerBound].split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) }
        switch status {
        case 200:
            finished = true
            established.succeed(())
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        case 407:
            fail(context, .wantsCredentials)
        case let code?:
            fail(context, .refused(status: code))
        case nil:
            fail(context, .notAProxy)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        refuse(.noTunnel)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(context, .unreachable(reason: NetworkFailureText.describe(error)))
    }

    private func fail(_ context: ChannelHandlerContext, _ kind: ProxyFailure.Kind) {
        refuse(kind)
        context.close(promise: nil)
    }

    private func refuse(_ kind: ProxyFailure.Kind) {
        guard !finished else { return }
        finished = true
        established.fail(ProxyFailure(proxy: proxy, target: target, kind: kind))
    }
}
