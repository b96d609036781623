import SwiftASN1
import X509

/// What a CA vouches for once it is trusted, in words. Name constraints bind only the name
/// forms they list (RFC 5280, as OpenSSL and Go apply it): a CA constrained to DNS names
/// still vouches for every IP address, one constrained to e-mail, URI or directory names
/// for every host name and IP address. An OpenShift router CA carries none.
enum NameConstraintsText {
    /// One sentence, lower-case first, for the person about to put `certificates` in the
    /// system store.
    static func reach(of certificates: [Certificate]) -> String {
        let store = "in the operating system's trust store, for curl, OpenSSL and Go tools (helm, oras, cosign, crane, oc) alike"
        let each = certificates.map { "the CA \(UntrustedText.escaped($0.subject.description)) would vouch for \(scope(of: $0))" }
        return "\(store), " + each.joined(separator: "; ")
    }

    /// The host names and IP addresses `certificate` vouches for as a CA, and its constraints:
    /// `host names only within .apps.example.com and EVERY IP address (its name constraints: permitted DNS .apps.example.com)`.
    static func scope(of certificate: Certificate) -> String {
        guard let constraints = (try? certificate.extensions.nameConstraints) ?? nil,
              let listed = describe(constraints) else {
            return "EVERY host name and EVERY IP address (it has no name constraints)"
        }
        let hosts = form("host name", "host names", within: "within", constraints, { if case .dnsName = $0 { true } else { false } })
        let addresses = form("IP address", "IP addresses", within: "in", constraints, { if case .ipAddress = $0 { true } else { false } })
        return "\(hosts) and \(addresses) (its name constraints: \(listed))"
    }

    /// How far the constraints of one name form reach: `EVERY host name`, `host names only
    /// within a b`, `EVERY host name except those within c`.
    private static func form(_ noun: String, _ nouns: String, within: String, _ constraints: NameConstraints, _ isForm: (GeneralName) -> Bool) -> String {
        let permitted = names(constraints.permittedSubtrees.filter(isForm), kinds: false)
        let excluded = names(constraints.excludedSubtrees.filter(isForm), kinds: false)
        switch (permitted, excluded) {
        case (let permitted?, let excluded?): return "\(nouns) only \(within) \(permitted) but not \(within) \(excluded)"
        case (let permitted?, nil): return "\(nouns) only \(within) \(permitted)"
        case (nil, let excluded?): return "EVERY \(noun) except those \(within) \(excluded)"
        case (nil, nil): return "EVERY \(noun)"
        }
    }

    /// The constraints as `permitted DNS a b, IP c; excluded …`, or nil when there are none.
    static func describe(_ constraints: NameConstraints) -> String? {
        let parts = [("permitted", constraints.permittedSubtrees), ("excluded", constraints.excludedSubtrees)].compactMap { label, subtrees in
            names(subtrees).map { "\(label) \($0)" }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// The names of `subtrees` grouped by kind (`DNS a b, IP c`; without `kinds`, `a b c`), nil for none.
    private static func names(_ subtrees: [GeneralName], kinds: Bool = true) -> String? {
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
        guard !groups.isEmpty else { return nil }
        return groups.map { (kinds ? "\($0.kind) " : "") + $0.names.joined(separator: " ") }.joined(separator: ", ")
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
