/// A registry host exactly as it appears in image references: `name[:port]`, where name is a
/// DNS name, an IPv4 address or a bracketed IPv6 address. Lower-cased; the port is part of
/// its identity (`reg.example` and `reg.example:443` are different registries).
///
/// Parsing is strict because the host becomes a directory name under certs.d: nothing that
/// could leave that directory (`/`, `..`, spaces, control characters) gets through.
public struct RegistryHost: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    /// The name or address, without the port (IPv6 keeps its brackets).
    public let name: String
    public let port: Int?

    public init(_ text: String) throws(HostError) {
        guard !text.isEmpty else { throw HostError(text, "it is empty") }
        guard text.utf8.count <= 260 else { throw HostError(text, "it is longer than a host name can be") }
        guard text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value != 0x7F }) else {
            throw HostError(text, "it contains spaces, control or non-ASCII characters")
        }
        guard !text.contains("/") else { throw HostError(text, "it contains '/'; give the host only, without a path or scheme") }
        let lowered = text.lowercased()
        let (name, portText) = try Self.splitPort(lowered, original: text)
        if let portText {
            guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy(\.isASCIIDigit),
                  let port = Int(portText), (1...65535).contains(port)
            else { throw HostError(text, "the port must be a number from 1 to 65535") }
            self.port = port
        } else {
            port = nil
        }
        if name.hasPrefix("[") {
            guard Self.isIPv6(name.dropFirst().dropLast()) else { throw HostError(text, "it is not a valid IPv6 address") }
        } else if name.allSatisfy({ $0.isASCIIDigit || $0 == "." }) {
            guard Self.isIPv4(name) else { throw HostError(text, "it is not a valid IPv4 address") }
        } else {
            try Self.checkDNSName(name, original: text)
        }
        self.name = name
    }

    public var description: String { port.map { "\(name):\($0)" } ?? name }

    /// The name to dial and to check the certificate against: IPv6 without brackets.
    public var address: String { name.hasPrefix("[") ? String(name.dropFirst().dropLast()) : name }

    /// Whether the host is an IP address rather than a DNS name.
    public var isIPAddress: Bool { name.hasPrefix("[") || Self.isIPv4(name) }

    /// The TCP port to connect to: the explicit one, else 443.
    public var connectPort: Int { port ?? 443 }

    public static func < (lhs: RegistryHost, rhs: RegistryHost) -> Bool { lhs.description < rhs.description }

    public init(from decoder: any Decoder) throws {
        self = try RegistryHost(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func splitPort(_ text: String, original: String) throws(HostError) -> (String, String?) {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw HostError(original, "an IPv6 address needs its closing ']'") }
            let name = String(text[...close])
            let rest = text[text.index(after: close)...]
            if rest.isEmpty { return (name, nil) }
            guard rest.hasPrefix(":") else { throw HostError(original, "only ':PORT' may follow an IPv6 address") }
            return (name, String(rest.dropFirst()))
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return (text, nil)
        case 2: return (String(parts[0]), String(parts[1]))
        default: throw HostError(original, "an IPv6 address must be written in brackets, like [::1]:5000")
        }
    }

    private static func checkDNSName(_ name: String, original: String) throws(HostError) {
        guard name.count <= 253 else { throw HostError(original, "the name is longer than 253 characters") }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        for label in labels {
            guard !label.isEmpty else { throw HostError(original, "it has an empty label ('..' or a leading or trailing '.')") }
            guard label.count <= 63 else { throw HostError(original, "a label is longer than 63 characters") }
            guard label.allSatisfy({ $0.isASCIIDigit || ("a"..."z").contains($0) || $0 == "-" }) else {
                throw HostError(original, "a host name holds only letters, digits, '-' and '.'")
            }
            guard label.first != "-", label.last != "-" else { throw HostError(original, "a label cannot start or end with '-'") }
        }
    }

    static func isIPv4(_ text: some StringProtocol) -> Bool {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.allSatisfy { octet in
            !octet.isEmpty && octet.count <= 3 && octet.allSatisfy(\.isASCIIDigit) && Int(octet)! <= 255
        }
    }

    private static func isIPv6(_ text: Substring) -> Bool {
        guard !text.isEmpty, text.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return false }
        let doubleColons = text.ranges(of: "::").count
        let groups = text.split(separator: ":", omittingEmptySubsequences: true)
        guard doubleColons <= 1, groups.allSatisfy({ $0.count <= 4 || isIPv4($0) }) else { return false }
        return doubleColons == 1 ? groups.count < 8 : groups.count == 8
    }
}

/// A host name regctl cannot use.
public struct HostError: RegctlError, Equatable {
    public let input: String
    public let reason: String

    init(_ input: String, _ reason: String) {
        self.input = input
        self.reason = reason
    }

    public var message: String { "invalid registry host \"\(input.debugDescription.dropFirst().dropLast())\": \(reason)" }
    public var fix: Fix? { .act("Give the host as in image references: name[:port], e.g. registry.example.com or 127.0.0.1:5000.") }
    public var status: ExitStatus { .usage }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
