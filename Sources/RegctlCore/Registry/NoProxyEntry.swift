import Glibc

/// One entry of `NO_PROXY`, read as Go's `golang.org/x/net/http/httpproxy` reads it:
/// `*`, an IP network (`10.0.0.0/8`), an IP address, or a domain (`example.com` matches it
/// and its subdomains, `.example.com` and `*.example.com` only subdomains), the last two
/// optionally with `:port`.
enum NoProxyEntry: Sendable, Equatable {
    case all
    case network(IPAddress, prefixLength: Int)
    case address(IPAddress, port: Int?)
    /// `suffix` starts with a dot; `includesItself` when the entry named the domain itself.
    case domain(suffix: String, port: Int?, includesItself: Bool)

    static func list(_ text: String) -> [NoProxyEntry] {
        var entries: [NoProxyEntry] = []
        for raw in text.split(separator: ",") {
            let item = String(raw).trimmed.lowercased()
            if item.isEmpty { continue }
            if item == "*" { return [.all] }
            if let slash = item.firstIndex(of: "/") {
                if let network = IPAddress(String(item[..<slash])), let length = Int(item[item.index(after: slash)...]),
                   (0...network.bytes.count * 8).contains(length) {
                    entries.append(.network(network, prefixLength: length))
                }
                continue
            }
            var host = item
            var port: Int?
            if let (name, portText) = splitHostPort(item) {
                guard !name.isEmpty, let number = Int(portText) else { continue }
                host = name
                port = number
            }
            if let address = IPAddress(host) {
                entries.append(.address(address, port: port))
                continue
            }
            if host.hasPrefix("*.") { host.removeFirst() }
            let includesItself = !host.hasPrefix(".")
            entries.append(.domain(suffix: includesItself ? "." + host : host, port: port, includesItself: includesItself))
        }
        return entries
    }

    /// Whether a request to `host` (lower case) on `port` goes direct because of this entry.
    func matches(host: String, port: Int, address: IPAddress?) -> Bool {
        switch self {
        case .all:
            return true
        case .network(let network, let length):
            return address.map { network.contains($0, prefixLength: length) } ?? false
        case .address(let entry, let entryPort):
            return address == entry && (entryPort == nil || entryPort == port)
        case .domain(let suffix, let entryPort, let includesItself):
            guard host.hasSuffix(suffix) || includesItself && host == suffix.dropFirst() else { return false }
            return entryPort == nil || entryPort == port
        }
    }

    /// `host:port` or `[v6]:port` split, as Go's `net.SplitHostPort`; nil without a port.
    private static func splitHostPort(_ text: String) -> (String, String)? {
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            return (String(text[text.index(after: text.startIndex)..<close]), String(rest.dropFirst()))
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
    }
}

/// An IPv4 or IPv6 address, v4-mapped IPv6 addresses taken as IPv4 (as Go's `To4`).
struct IPAddress: Sendable, Equatable {
    let bytes: [UInt8]

    init?(_ text: String) {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            bytes = withUnsafeBytes(of: v4) { Array($0) }
            return
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let all = withUnsafeBytes(of: v6) { Array($0) }
        bytes = all.prefix(12) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff] ? Array(all.suffix(4)) : all
    }

    var isLoopback: Bool {
        bytes.count == 4 ? bytes[0] == 127 : bytes == Array(repeating: 0, count: 15) + [1]
    }

    /// Whether `other` is in the network of this address with `prefixLength` bits.
    func contains(_ other: IPAddress, prefixLength: Int) -> Bool {
        guard other.bytes.count == bytes.count else { return false }
        for index in bytes.indices {
            let bits = min(8, max(0, prefixLength - index * 8))
            let mask: UInt8 = bits == 0 ? 0 : 0xff << (8 - bits)
            if bytes[index] & mask != other.bytes[index] & mask { return false }
        }
        return true
    }
}
