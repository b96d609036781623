import NIOCore
import NIOPosix

/// A failure to connect told in words: "connection refused", "cannot resolve the host
/// name" — never a library's type names or error codes.
enum NetworkFailureText {
    static func describe(_ error: any Error) -> String {
        if let error = error as? NIOConnectionError {
            if error.connectionErrors.isEmpty, error.dnsAError != nil || error.dnsAAAAError != nil { return "cannot resolve the host name" }
            return error.connectionErrors.first.map { describe($0.error) } ?? "connection failed"
        }
        if let error = error as? IOError { return describe(errno: error.errnoCode) }
        if let error = error as? ChannelError, case .connectTimeout = error { return "no connection within the time limit" }
        let text = String(describing: error)
        if text.contains("Connection refused") { return "connection refused" }
        if text.contains("connectTimeout") { return "no connection within the time limit" }
        if text.contains("DNS") || text.contains("resolve") { return "cannot resolve the host name" }
        return "connection failed"
    }

    private static func describe(errno code: Int32) -> String {
        switch code {
        case ECONNREFUSED: "connection refused"
        case ECONNRESET: "connection reset"
        case ETIMEDOUT: "no connection within the time limit"
        case EHOSTUNREACH, ENETUNREACH: "no route to the host"
        default: SystemErrorText.text(code).lowercased()
        }
    }
}
