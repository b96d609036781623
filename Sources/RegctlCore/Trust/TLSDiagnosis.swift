import FoundationEssentials
import Glibc
import X509

/// Why a registry's certificate chain does not verify with a set of CAs, in words a person
/// understands: expired, issued for another name, or signed by an unknown authority.
enum TLSDiagnosis {
    static func explain(chain: [Certificate], host: RegistryHost, roots: [Certificate], now: Date = Date()) -> String {
        guard let leaf = chain.first else { return "it sent no certificate" }
        if leaf.notValidAfter < now { return "its certificate expired on \(leaf.notValidAfter.formatted(.iso8601))" }
        if leaf.notValidBefore > now { return "its certificate is not valid before \(leaf.notValidBefore.formatted(.iso8601))" }
        let names = subjectNames(leaf)
        if !names.isEmpty, !names.contains(where: { matches($0, host) }) {
            return "its certificate is issued for \(names.joined(separator: ", ")), not \(host.address) (wrong host name)"
        }
        if !roots.isEmpty, roots.allSatisfy({ $0.notValidAfter < now }) {
            return "the CA expired on \(roots.map(\.notValidAfter).max()!.formatted(.iso8601))"
        }
        return "unknown certificate authority: \(CertificateSummary(chain.last ?? leaf).issuer) is not among the trusted CAs"
    }

    /// The DNS names and IP addresses a certificate names.
    static func subjectNames(_ certificate: Certificate) -> [String] {
        guard let names = try? certificate.extensions.subjectAlternativeNames else { return [] }
        return names.compactMap { name in
            switch name {
            case .dnsName(let dns): dns.lowercased()
            case .ipAddress(let octets): address(Array(octets.bytes))
            default: nil
            }
        }
    }

    private static func matches(_ name: String, _ host: RegistryHost) -> Bool {
        let target = host.address.lowercased()
        if host.isIPAddress { return address(bytes(of: target)) == name }
        guard name.hasPrefix("*.") else { return name == target }
        guard let dot = target.firstIndex(of: ".") else { return false }
        return target[target.index(after: dot)...] == name.dropFirst(2)
    }

    private static func bytes(of address: String) -> [UInt8] {
        var v4 = in_addr(), v6 = in6_addr()
        if inet_pton(AF_INET, address, &v4) == 1 { return withUnsafeBytes(of: v4) { Array($0) } }
        if inet_pton(AF_INET6, address, &v6) == 1 { return withUnsafeBytes(of: v6) { Array($0) } }
        return []
    }

    private static func address(_ bytes: [UInt8]) -> String? {
        switch bytes.count {
        case 4: return bytes.map(String.init).joined(separator: ".")
        case 16:
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            var raw = in6_addr()
            withUnsafeMutableBytes(of: &raw) { $0.copyBytes(from: bytes) }
            guard inet_ntop(AF_INET6, &raw, &buffer, socklen_t(buffer.count)) != nil else { return nil }
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        default: return nil
        }
    }
}
