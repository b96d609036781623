import AsyncHTTPClient
import FoundationEssentials
import NIOCore
import NIOHTTP1
import NIOSSL
import Synchronization
import X509

/// One HTTPS client per command: full TLS verification against the system roots plus the
/// CAs given, no redirects (credentials never follow a redirect), bounded time.
///
/// Loading the system roots costs several milliseconds, and a registry with a CA of its
/// own (an OpenShift cluster's) needs only that CA. So when CAs are given, requests first
/// trust them alone, and only after a TLS failure, once and for good, the system roots as
/// well. Whatever verifies against fewer roots verifies against more, so the outcome is
/// the same as trusting both from the start.
final class HTTPSClient: Sendable {
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
    }

    /// The longest answer read: registry, token and API answers are a few KiB at most.
    static let bodyLimit = 1 << 20

    /// Trusting the given CAs alone; nil when none are given.
    private let narrow: HTTPClient?
    /// Trusting the system roots and the given CAs.
    private let wide: HTTPClient
    private let widened = Mutex(false)
    let deadline: TimeAmount
    private let connectTimeout: TimeAmount

    init(trusting roots: [Certificate], connectTimeout: TimeAmount = .seconds(5), deadline: TimeAmount = .seconds(15)) throws {
        func client(_ tls: TLSConfiguration) -> HTTPClient {
            var configuration = HTTPClient.Configuration(
                tlsConfiguration: tls, redirectConfiguration: .disallow, timeout: .init(connect: connectTimeout, read: deadline)
            )
            // A refused connection or an untrusted certificate does not heal within one
            // command: fail at once rather than retry until the connect timeout.
            configuration.connectionPool.retryConnectionEstablishment = false
            // A registry check is three small requests: HTTP/2's setup costs more than it saves.
            configuration.httpVersion = .http1Only
            // `regctl status` shares a client among registries whose token service is one host.
            configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 32
            return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        }
        narrow = roots.isEmpty ? nil : client(try .trustingOnly(roots))
        wide = client(try .trusting(roots))
        self.deadline = deadline
        self.connectTimeout = connectTimeout
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
        if let narrow, !widened.withLock({ $0 }) {
            do {
                return try await execute(request, on: narrow)
            } catch .tls {
                widened.withLock { $0 = true }
            }
        }
        return try await execute(request, on: wide)
    }

    func shutdown() async {
        try? await narrow?.shutdown()
        try? await wide.shutdown()
    }

    private func execute(_ request: HTTPClientRequest, on client: HTTPClient) async throws(Failure) -> Response {
        do {
            let response = try await client.execute(request, timeout: deadline)
            let body = try await response.body.collect(upTo: Self.bodyLimit)
            return Response(status: response.status, headers: response.headers, body: Data(body.readableBytesView))
        } catch {
            throw classify(error)
        }
    }

    private func classify(_ error: any Error) -> Failure {
        func seconds(_ time: TimeAmount) -> Int64 { time.nanoseconds / 1_000_000_000 }
        if error is NIOTooManyBytesError { return .oversized }
        if let error = error as? HTTPClientError {
            if error == .connectTimeout { return .timedOut("did not complete the connection and TLS handshake within \(seconds(connectTimeout)) s") }
            if error == .deadlineExceeded || error == .readTimeout { return .timedOut("did not answer within \(seconds(deadline)) s") }
        }
        let text = String(describing: error)
        if error is NIOSSLError || error is BoringSSLError || text.contains("handshakeFailed") || text.contains("CERTIFICATE_VERIFY_FAILED") {
            return .tls(TLSFailureText.describe(error))
        }
        return .unreachable(NetworkFailureText.describe(error))
    }
}

extension HTTPSClient {
    /// Runs `body` with a client and shuts it down afterwards.
    static func with<T>(
        trusting roots: [Certificate],
        _ body: (HTTPSClient) async throws -> T
    ) async throws -> T {
        let client = try HTTPSClient(trusting: roots)
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
