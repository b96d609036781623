import Foundation
import Synchronization

/// A loopback TCP port this process holds bound and never listens on: a connection to it is
/// refused, and no other program can take the port while it is held.
public final class ReservedPort: Sendable {
    public let port: Int
    private let socket: Mutex<Int32?>

    public init() throws {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw HarnessError("socket failed: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socket, pointer, length) == 0 && getsockname(socket, pointer, &length) == 0
            }
        }
        guard bound else {
            close(socket)
            throw HarnessError("cannot bind a loopback port")
        }
        self.socket = Mutex(socket)
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// Lets the port go (to hand it to a program that will listen on it).
    public func release() {
        socket.withLock { socket in
            if let open = socket { close(open) }
            socket = nil
        }
    }
}

extension Sandbox {
    /// `count` loopback ports that refuse connections until the sandbox's teardown.
    public func refusingPorts(_ count: Int) throws -> [Int] {
        let ports = try (0..<count).map { _ in try ReservedPort() }
        onShutdown { ports.forEach { $0.release() } }
        return ports.map(\.port)
    }
}
