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

    /// The constraints as `permitted DNS a, b; excluded IP c`, or nil when they limit nothing.
    static func describe(_ constraints: NameConstraints) -> String? {
        let permitted = [
            list("DNS", constraints.permittedDNSDomains.map { $0 }),
            list("IP", constraints.permittedIPRanges.map(range)),
            list("email", constraints.permittedEmailAddresses.map { $0 }),
            list("URI", constraints.permittedURIDomains.map { $0 }),
        ].compactMap { $0 }
        let excluded = [
            list("DNS", constraints.excludedDNSDomains.map { $0 }),
            list("IP", constraints.excludedIPRanges.map(range)),
            list("email", constraints.excludedEmailAddresses.map { $0 }),
            list("URI", constraints.forbiddenURIDomains.map { $0 }),
        ].compactMap { $0 }
        guard !permitted.isEmpty else { return nil }
        let text = "permitted " + permitted.joined(separator: ", ")
        return excluded.isEmpty ? text : text + "; excluded " + excluded.joined(separator: ", ")
    }

    private static func list(_ kind: String, _ names: [String]) -> String? {
        names.isEmpty ? nil : "\(kind) " + names.map { UntrustedText.escaped($0.isEmpty ? "(none)" : $0) }.joined(separator: " ")
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
