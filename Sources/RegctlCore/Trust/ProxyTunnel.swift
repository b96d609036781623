import NIOCore

/// The first handler on a connection to an HTTP proxy: asks it, with `CONNECT`, for a
/// tunnel to `target` and removes itself once the proxy answers 200, so that TLS then runs
/// end to end through the tunnel. The proxy sees the target's name, never what TLS carries.
final class ProxyTunnel: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Why the proxy gave no tunnel.
    struct Refusal: Error, CustomStringConvertible {
        let description: String
    }

    let proxy: ProxyURL
    let target: String
    /// Completed once: with the tunnel, or with a ``Refusal``.
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
            if answer.readableBytes > 16 * 1024 { fail(context, "the proxy at \(proxy) sent an endless answer to CONNECT") }
            return
        }
        let status = text[..<end.lowerBound].split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) }
        switch status {
        case 200:
            finished = true
            established.succeed(())
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        case 407:
            fail(context, "the proxy at \(proxy) wants credentials (HTTP 407) for the connection to \(target)")
        case let code?:
            fail(context, "the proxy at \(proxy) refused the connection to \(target) (HTTP \(code))")
        case nil:
            fail(context, "the proxy at \(proxy) does not answer like an HTTP proxy")
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        refuse("the proxy at \(proxy) closed the connection to \(target)")
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(context, "the proxy at \(proxy) failed (\(NetworkFailureText.describe(error)))")
    }

    private func fail(_ context: ChannelHandlerContext, _ reason: String) {
        refuse(reason)
        context.close(promise: nil)
    }

    private func refuse(_ reason: String) {
        guard !finished else { return }
        finished = true
        established.fail(Refusal(description: reason))
    }
}
