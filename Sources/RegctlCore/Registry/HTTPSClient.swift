import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import X509

/// One HTTPS client per command: full TLS verification against the system roots plus the
/// CAs given, no redirects (credentials never follow a redirect), bounded time.
struct HTTPSClient {
    struct Response {
        let status: HTTPResponseStatus
        let headers: HTTPHeaders
        let body: Data
    }

    enum Failure: Error {
        case tls(String)
        case unreachable(String)
        case timedOut
    }

    let client: HTTPClient
    let deadline: TimeAmount

    init(trusting roots: [Certificate], connectTimeout: TimeAmount = .seconds(5), deadline: TimeAmount = .seconds(15)) throws {
        let tls = try TLSConfiguration.trusting(roots)
        client = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: .init(tlsConfiguration: tls, redirectConfiguration: .disallow, timeout: .init(connect: connectTimeout, read: deadline))
        )
        self.deadline = deadline
    }

    func get(_ url: String, authorization: String? = nil) async throws(Failure) -> Response {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "User-Agent", value: "regctl/\(RegctlVersion.current)")
        if let authorization { request.headers.add(name: "Authorization", value: authorization) }
        do {
            let response = try await client.execute(request, timeout: deadline)
            let body = try await response.body.collect(upTo: 1 << 20)
            return Response(status: response.status, headers: response.headers, body: Data(body.readableBytesView))
        } catch {
            throw Self.classify(error)
        }
    }

    func shutdown() async {
        try? await client.shutdown()
    }

    private static func classify(_ error: any Error) -> Failure {
        if let error = error as? HTTPClientError, error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            return .timedOut
        }
        let text = String(describing: error)
        if error is NIOSSLError || error is BoringSSLError || text.contains("handshakeFailed") || text.contains("CERTIFICATE_VERIFY_FAILED") {
            return .tls(text)
        }
        return .unreachable(text)
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
