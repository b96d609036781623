import SwiftASN1
import X509

/// What a CA vouches for once it is in the operating system's trust store, in words: every
/// host name, unless each of its certificates carries name constraints (an OpenShift router
/// CA carries none).
enum NameConstraintsText {
    /// One sentence, lower-case first, for the person about to put `certificates` in the
    /// system store.
    static func reach(of certificates: [Certificate]) -> String {
        let store = "in the operating system's trust store, for curl, OpenSSL and Go tools (helm, oras, cosign, crane, oc) alike"
        var limits: [String] = []
        for certificate in certificates {
            let subject = UntrustedText.escaped(certificate.subject.description)
            guard let constraints = (try? certificate.extensions.nameConstraints) ?? nil, let text = describe(constraints) else {
                return "the CA \(subject) would vouch for EVERY host name \(store): it has no name constraints"
            }
            limits.append("\(subject): \(text)")
        }
        return "the CA would vouch only for the names its constraints permit \(store) (" + limits.joined(separator: "; ") + ")"
    }

    /// The constraints as `permitted DNS a b, IP c; excluded …`, or nil when they limit nothing.
    static func describe(_ constraints: NameConstraints) -> String? {
        guard let permitted = names(constraints.permittedSubtrees) else { return nil }
        return names(constraints.excludedSubtrees).map { "permitted \(permitted); excluded \($0)" } ?? "permitted \(permitted)"
    }

    /// The names of `subtrees` grouped by kind (`DNS a b, IP c`), nil for none.
    private static func names(_ subtrees: [GeneralName]) -> String? {
        var groups: [(kind: String, names: [String])] = []
        for name in subtrees {
            let (kind, text): (String, String)
            switch name {
            case .dnsName(let domain): (kind, text) = ("DNS", domain)
            case .ipAddress(let octets): (kind, text) = ("IP", range(octets))
            case .rfc822Name(let address): (kind, text) = ("email", address)
            case .uniformResourceIdentifier(let domain): (kind, text) = ("URI", domain)
            case .directoryName(let directory): (kind, text) = ("directory", String(describing: directory))
            default: (kind, text) = ("other", "a name of another kind")
            }
            let shown = UntrustedText.escaped(text.isEmpty ? "(none)" : text)
            if let index = groups.firstIndex(where: { $0.kind == kind }) { groups[index].names.append(shown) } else { groups.append((kind, [shown])) }
        }
        return groups.isEmpty ? nil : groups.map { "\($0.kind) " + $0.names.joined(separator: " ") }.joined(separator: ", ")
    }

    /// An address and mask as `192.0.2.0/24` or `fd00:0:0:0:0:0:0:0/8`.
    private static func range(_ octets: ASN1OctetString) -> String {
        let bytes = Array(octets.bytes)
        let half = bytes.count / 2
        let prefix = bytes[half...].reduce(0) { $0 + $1.nonzeroBitCount }
        let address: String
        if half == 4 {
            address = bytes[..<4].map(String.init).joined(separator: ".")
        } else if half == 16 {
            address = stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }.joined(separator: ":")
        } else {
            return bytes.hexDigits()
        }
        return "\(address)/\(prefix)"
    }
}
