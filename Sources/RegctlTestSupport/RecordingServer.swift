import Foundation
import NIOHTTP1
import Synchronization

/// A man in the middle on 127.0.0.1: an HTTPS server that answers every request with a
/// Basic challenge, as an OAuth server does before it gets the password, and keeps each
/// request it received, headers and body, to prove what reached it.
public final class RecordingServer: Sendable {
    public let server: LoopbackHTTPSServer
    private let log: RequestLog

    /// Starts the server presenting `certificate`.
    public init(certificate: IssuedCertificate) async throws {
        let log = RequestLog()
        self.log = log
        server = try await LoopbackHTTPSServer(certificate: certificate) { request in
            log.requests.withLock { $0.append(request) }
            return HTTPResponse(status: .unauthorized, headers: ["WWW-Authenticate": #"Basic realm="openshift""#])
        }
    }

    /// The server's URL, as a kubeconfig's `server` or an OAuth endpoint names it.
    public var url: String { "https://\(server.host)" }

    /// Every request received so far, in order.
    public var requests: [HTTPRequest] { log.requests.withLock { $0 } }

    public func stop() async { await server.stop() }
}

private final class RequestLog: Sendable {
    let requests = Mutex<[HTTPRequest]>([])
}

extension Sandbox {
    /// Starts a ``RecordingServer`` with a certificate for 127.0.0.1 issued by `authority`;
    /// stopped at teardown.
    public func startRecordingServer(certifiedBy authority: TestCertificateAuthority) async throws -> RecordingServer {
        let server = try await RecordingServer(certificate: try authority.issueServerCertificate())
        onShutdown { await server.stop() }
        return server
    }
}
