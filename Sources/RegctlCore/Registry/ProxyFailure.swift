/// What went wrong with the proxy a connection went through, in words that name it: the
/// one text for both ways regctl tunnels (HTTPSClient's requests and TLSProbe's handshakes).
struct ProxyFailure: Error, CustomStringConvertible {
    enum Kind {
        /// No connection to the proxy itself.
        case unreachable(reason: String)
        /// The proxy answered `CONNECT` with this status (nil: not said).
        case refused(status: Int?)
        case wantsCredentials
        /// The proxy opened no tunnel in time, or closed the connection instead.
        case noTunnel
        /// The answer to `CONNECT` was no HTTP answer.
        case notAProxy
    }

    let proxy: ProxyURL
    let target: String
    let kind: Kind

    var description: String {
        switch kind {
        case .unreachable(let reason): "the proxy at \(proxy) cannot be reached (\(reason))"
        case .refused(let status?): "the proxy at \(proxy) refused the connection to \(target) (HTTP \(status))"
        case .refused(nil): "the proxy at \(proxy) refused the connection to \(target)"
        case .wantsCredentials: "the proxy at \(proxy) wants credentials (HTTP 407) for the connection to \(target)"
        case .noTunnel: "the proxy at \(proxy) opened no connection to \(target)"
        case .notAProxy: "the proxy at \(proxy) does not answer like an HTTP proxy"
        }
    }
}
