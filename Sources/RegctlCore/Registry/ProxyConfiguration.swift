import FoundationEssentials
import Glibc

/// An HTTP proxy that HTTPS requests reach their server through, with `CONNECT`.
public struct ProxyURL: Sendable, Hashable, CustomStringConvertible {
    public let host: String
    public let port: Int
    let username: String?
    let password: String?

    /// Parses a proxy as Go's `ProxyFromEnvironment` does: a URL, or a bare `host:port`
    /// taken as `http://host:port`. Only `http://` proxies are spoken.
    public init(parsing text: String) throws(ProxyError) {
        let candidate = text.contains("://") ? text : "http://" + text
        guard let components = URLComponents(string: candidate), let host = components.host, !host.isEmpty else {
            throw .invalid(text: Self.masked(text))
        }
        guard components.scheme?.lowercased() == "http" else { throw .unsupportedScheme(text: Self.masked(text)) }
        self.host = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        port = components.port ?? 80
        username = components.user
        password = components.password
    }

    /// `http://host:port`, with any credentials masked: what messages and `status` show.
    public var description: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return "http://" + (username.map { "\($0):***@" } ?? "") + "\(name):\(port)"
    }

    /// The `Proxy-Authorization` value for a proxy with credentials in its URL.
    var authorization: String? {
        guard let username else { return nil }
        return "Basic " + Data("\(username):\(password ?? "")".utf8).base64EncodedString()
    }

    /// `text` with the password of a `user:password@` part replaced, for error messages.
    static func masked(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@") else { return text }
        let userInfo = text[..<at]
        let start = userInfo.firstRange(of: "://")?.upperBound ?? userInfo.startIndex
        guard let colon = userInfo[start...].firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }
}

/// Which proxy, if any, an HTTPS request goes through: Go's rules from `HTTPS_PROXY` and
/// `NO_PROXY` (upper case first, then lower), as podman, skopeo and docker follow them, or
/// one proxy for everything, as a kubeconfig cluster's `proxy-url` is for `oc`.
public struct ProxyConfiguration: Sendable, Equatable {
    private enum Source: Sendable, Equatable {
        case none
        case always(ProxyURL)
        case environment(proxy: ProxyURL, noProxy: [NoProxyEntry])
        case invalid(ProxyError)
    }

    private let source: Source

    /// Every request through `proxy` (a kubeconfig's `proxy-url`; `NO_PROXY` does not apply).
    public static func always(_ proxy: ProxyURL) -> ProxyConfiguration { ProxyConfiguration(source: .always(proxy)) }

    /// The proxy of a kubeconfig cluster: its `proxy-url` when set, else the environment's.
    public static func forCluster(proxyURL: String?) -> ProxyConfiguration {
        guard let proxyURL else { return .process }
        do {
            return .always(try ProxyURL(parsing: proxyURL))
        } catch {
            return ProxyConfiguration(source: .invalid(.invalidKubeconfigProxy(underlying: error)))
        }
    }

    /// From environment variables; only `https://` requests are ever made, so only
    /// `HTTPS_PROXY` names a proxy (Go sends `HTTP_PROXY` only plain-HTTP requests).
    public init(environment: [String: String]) {
        func value(_ name: String) -> String? {
            [environment[name], environment[name.lowercased()]].compactMap { $0 }.first { !$0.isEmpty }
        }
        guard let text = value("HTTPS_PROXY") else { source = .none; return }
        do {
            source = .environment(proxy: try ProxyURL(parsing: text), noProxy: NoProxyEntry.list(value("NO_PROXY") ?? ""))
        } catch {
            source = .invalid(error)
        }
    }

    private init(source: Source) { self.source = source }

    /// This process's environment, read once, as Go's `ProxyFromEnvironment` does.
    public static let process = ProxyConfiguration(environment: ProcessInfo.processInfo.environment)

    /// The proxy for a request to `host` on `port`; nil to connect directly. Never a proxy
    /// for `localhost` or a loopback address (Go's rule, whatever `NO_PROXY` says).
    public func proxy(forHost host: String, port: Int) throws(ProxyError) -> ProxyURL? {
        switch source {
        case .none: return nil
        case .invalid(let error): throw error
        case .always(let proxy): return proxy
        case .environment(let proxy, let noProxy):
            let name = host.lowercased()
            if name == "localhost" { return nil }
            let address = IPAddress(name)
            if address?.isLoopback == true { return nil }
            return noProxy.contains { $0.matches(host: name, port: port, address: address) } ? nil : proxy
        }
    }
}

/// A proxy setting regctl cannot use.
public enum ProxyError: Error, Sendable, Equatable {
    case invalid(text: String)
    case unsupportedScheme(text: String)
    indirect case invalidKubeconfigProxy(underlying: ProxyError)

    /// The sentence for an error message.
    public var message: String {
        switch self {
        case .invalid(let text): "the proxy \(text) is not a valid proxy URL"
        case .unsupportedScheme(let text): "the proxy \(text) is not an http:// proxy, the only kind regctl speaks"
        case .invalidKubeconfigProxy(let underlying): "the kubeconfig's proxy-url: " + underlying.message
        }
    }
}
