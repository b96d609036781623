import AsyncHTTPClient
import FoundationEssentials
import NIOCore
import NIOHTTP1
import NIOSSL
import Synchronization
import X509

/// One HTTPS client per command: full TLS verification against the CAs of its ``Trust``, no
/// redirects (credentials never follow a redirect), bounded time; a request is sent once.
///
/// Loading the system roots costs several milliseconds, and a registry with a CA of its
/// own (an OpenShift cluster's) needs only that CA. So for ``Trust/systemAnd(_:)`` with CAs,
/// connections first trust those CAs alone, and only when a handshake refuses the server's
/// certificate — before any request is written — the system roots as well, once and for
/// good. Whatever verifies against fewer roots verifies against more, so the outcome is the
/// same as trusting both from the start.
final class HTTPSClient: Sendable {
    /// Which CAs verify the servers.
    enum Trust: Sendable {
        /// The system roots and these CAs, as podman and docker trust a registry with a certs.d CA.
        case systemAnd([Certificate])
        /// These CAs alone: a kubeconfig's pin of its cluster, as client-go keeps it.
        case only([Certificate])
    }

    struct Response {
        let status: HTTPResponseStatus
        let headers: HTTPHeaders
        let body: Data
    }

    enum Failure: Error {
        case tls(String)
        case unreachable(String)
        /// What did not happen in time, as the end of a sentence naming the server:
        /// "did not answer within 15 s".
        case timedOut(String)
        /// The answer was longer than ``bodyLimit``.
        case oversized
        /// The proxy in the way failed, or its setting is unusable; the text names it.
        case proxy(String)

        /// The failure in words, to follow the server's name.
        var detail: String {
            switch self {
            case .tls(let text), .unreachable(let text), .timedOut(let text), .proxy(let text): text
            case .oversized: "it sent more than 1 MiB in one answer"
            }
        }
    }

    /// The longest answer read: registry, token and API answers are a few KiB at most.
    static let bodyLimit = 1 << 20

    /// TLS trusting the given CAs alone, tried first; nil when there is no such step.
    private let narrowTLS: TLSConfiguration?
    /// TLS of the client's trust.
    private let wideTLS: TLSConfiguration
    private let widened = Mutex(false)
    private let proxies: ProxyConfiguration
    /// One client per way out (direct or a proxy) and trust, made on first use.
    private let clients = Mutex<[Route: HTTPClient]>([:])
    private struct Route: Hashable {
        let proxy: ProxyURL?
        let narrow: Bool
    }
    let deadline: TimeAmount
    private let connectTimeout: TimeAmount
    private let log = StepLog.logger("http")

    /// `proxies` decides, per server, whether requests go direct or through a proxy.
    init(
        _ trust: Trust, proxies: ProxyConfiguration = .process,
        connectTimeout: TimeAmount = .seconds(5), deadline: TimeAmount = .seconds(15)
    ) throws {
        switch trust {
        case .systemAnd(let roots):
            narrowTLS = roots.isEmpty ? nil : try .trustingOnly(roots)
            wideTLS = try .trusting(roots)
        case .only(let roots):
            narrowTLS = nil
            wideTLS = try .trustingOnly(roots)
        }
        self.proxies = proxies
        self.deadline = deadline
        self.connectTimeout = connectTimeout
    }

    private func client(_ route: Route) -> HTTPClient {
        clients.withLock { clients in
            if let client = clients[route] { return client }
            var configuration = HTTPClient.Configuration(
                tlsConfiguration: route.narrow ? narrowTLS : wideTLS, redirectConfiguration: .disallow,
                timeout: .init(connect: connectTimeout, read: deadline)
            )
            // A refused connection or an untrusted certificate does not heal within one
            // command: fail at once rather than retry until the connect timeout.
            configuration.connectionPool.retryConnectionEstablishment = false
            // A registry check is three small requests: HTTP/2's setup costs more than it saves.
            configuration.httpVersion = .http1Only
            // `regctl status` shares a client among registries whose token service is one host.
            configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 32
            if let proxy = route.proxy {
                configuration.proxy = .server(
                    host: proxy.host, port: proxy.port,
                    authorization: proxy.username.map { .basic(username: $0, password: proxy.password ?? "") }
                )
            }
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            clients[route] = client
            return client
        }
    }

    func get(_ url: String, authorization: String? = nil) async throws(Failure) -> Response {
        try await send(.GET, url, headers: authorization.map { ["Authorization": $0] } ?? [:])
    }

    /// Sends one request; a redirect is returned as it is, never followed.
    func send(_ method: HTTPMethod, _ url: String, headers: HTTPHeaders = [:], body: Data? = nil) async throws(Failure) -> Response {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "User-Agent", value: "regctl/\(RegctlVersion.current)")
        request.headers.add(contentsOf: headers)
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let components = URLComponents(string: url)
        let (host, port) = (components?.host ?? "", components?.port ?? 443)
        let proxy: ProxyURL?
        do {
            proxy = try proxies.proxy(forHost: host, port: port)
        } catch {
            throw .proxy(error.message)
        }
        if let proxy { log.debug("\(method.rawValue) \(host):\(port) through the proxy \(proxy)") }
        if narrowTLS != nil, !widened.withLock({ $0 }) {
            switch await execute(request, on: client(Route(proxy: proxy, narrow: true)), proxy: proxy, target: "\(host):\(port)") {
            case .success(let response): return response
            case .failure(let failure, certificateRefused: true):
                log.debug("\(host):\(port): the given CAs do not verify its certificate; trusting the system roots as well (\(failure.detail))")
                widened.withLock { $0 = true }
            case .failure(let failure, certificateRefused: false): throw failure
            }
        }
        switch await execute(request, on: client(Route(proxy: proxy, narrow: false)), proxy: proxy, target: "\(host):\(port)") {
        case .success(let response): return response
        case .failure(let failure, _): throw failure
        }
    }

    func shutdown() async {
        for client in clients.withLock({ Array($0.values) }) { try? await client.shutdown() }
    }

    private enum Outcome {
        case success(Response)
        /// `certificateRefused`: the TLS handshake refused the server's certificate, so
        /// nothing of the request was written.
        case failure(Failure, certificateRefused: Bool)
    }

    private func execute(_ request: HTTPClientRequest, on client: HTTPClient, proxy: ProxyURL?, target: String) async -> Outcome {
        do {
            let response = try await client.execute(request, timeout: deadline)
            let body = try await response.body.collect(upTo: Self.bodyLimit)
            return .success(Response(status: response.status, headers: response.headers, body: Data(body.readableBytesView)))
        } catch {
            return .failure(classify(error, proxy: proxy, target: target), certificateRefused: TLSFailure(error) == .untrustedCertificate)
        }
    }

    private func classify(_ error: any Error, proxy: ProxyURL?, target: String) -> Failure {
        func seconds(_ time: TimeAmount) -> Int64 { time.nanoseconds / 1_000_000_000 }
        if error is NIOTooManyBytesError { return .oversized }
        func failed(_ kind: ProxyFailure.Kind, _ proxy: ProxyURL) -> Failure {
            .proxy(ProxyFailure(proxy: proxy, target: target, kind: kind).description)
        }
        if let proxy, let error = error as? HTTPClientError {
            if error == .proxyAuthenticationRequired { return failed(.wantsCredentials, proxy) }
            if error == .invalidProxyResponse { return failed(.refused(status: nil), proxy) }
            if error == .httpProxyHandshakeTimeout { return failed(.noTunnel, proxy) }
        }
        if let error = error as? HTTPClientError {
            if error == .connectTimeout { return .timedOut("did not complete the connection and TLS handshake within \(seconds(connectTimeout)) s") }
            if error == .deadlineExceeded || error == .readTimeout { return .timedOut("did not answer within \(seconds(deadline)) s") }
        }
        if let failure = TLSFailure(error) { return .tls(failure.text) }
        // Through a proxy, regctl connects to nothing but the proxy.
        if let proxy { return failed(.unreachable(reason: NetworkFailureText.describe(error)), proxy) }
        return .unreachable(NetworkFailureText.describe(error))
    }
}

extension HTTPSClient {
    /// Runs `body` with a client and shuts it down afterwards.
    static func with<T>(
        _ trust: Trust,
        proxies: ProxyConfiguration = .process,
        _ body: (HTTPSClient) async throws -> T
    ) async throws -> T {
        let client = try HTTPSClient(trust, proxies: proxies)
        do {
            let result = try await body(client)
            await client.shutdown()
            return result
        } catch {
            await client.shutdown()
            throw error
        }
    }
}
