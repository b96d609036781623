import Foundation
@testable import RegctlCore
import RegctlTestSupport
import SwiftASN1
import Testing
import X509

/// What `--os-store` and `trust show` say a CA vouches for: constraints bind only the name
/// forms they list (RFC 5280, as OpenSSL and Go apply them).
@Suite("Name constraints in words")
struct NameConstraintsTextTests {
    static let store = "in the operating system's trust store, for curl, OpenSSL and Go tools (helm, oras, cosign, crane, oc) alike, "

    static func range(_ octets: [UInt8]) -> GeneralName { .ipAddress(ASN1OctetString(contentBytes: ArraySlice(octets))) }

    /// The one sentence `--os-store` shows for a CA named `name` with these constraints.
    static func reach(permitted: [GeneralName] = [], excluded: [GeneralName] = []) throws -> String {
        let authority = try TestCertificateAuthority(name: "CA", permitted: permitted, excluded: excluded)
        return NameConstraintsText.reach(of: [authority.root.certificate])
    }

    @Test("each form a constraint leaves out stays open: host names, IP addresses, or both", arguments: [
        ([GeneralName](), "EVERY host name and EVERY IP address (it has no name constraints)"),
        ([.dnsName(".apps.example.com")],
         "host names only within .apps.example.com and EVERY IP address (its name constraints: permitted DNS .apps.example.com)"),
        ([.rfc822Name("example.com")], "EVERY host name and EVERY IP address (its name constraints: permitted email example.com)"),
        ([.uniformResourceIdentifier(".example.com")], "EVERY host name and EVERY IP address (its name constraints: permitted URI .example.com)"),
        ([range([10, 0, 0, 0, 255, 0, 0, 0])], "EVERY host name and IP addresses only in 10.0.0.0/8 (its name constraints: permitted IP 10.0.0.0/8)"),
        ([.dnsName("example.com"), range([192, 0, 2, 0, 255, 255, 255, 0])],
         "host names only within example.com and IP addresses only in 192.0.2.0/24 (its name constraints: permitted DNS example.com, IP 192.0.2.0/24)"),
    ])
    func forms(permitted: [GeneralName], words: String) throws {
        let reach = try Self.reach(permitted: permitted)
        #expect(reach == Self.store + "the CA O=regctl tests,CN=CA would vouch for " + words)
    }

    @Test("a directory-name constraint limits neither host names nor IP addresses, and is shown as a name")
    func directoryName() throws {
        let directory = try DistinguishedName { CommonName("Team") }
        #expect(try Self.reach(permitted: [.directoryName(directory)]).hasSuffix(
            "would vouch for EVERY host name and EVERY IP address (its name constraints: permitted directory CN=Team)"))
    }

    @Test("excluded subtrees are shown, with or without permitted ones")
    func excluded() throws {
        #expect(try Self.reach(permitted: [.dnsName("example.com")], excluded: [.dnsName("secret.example.com"), Self.range([10, 0, 0, 0, 255, 0, 0, 0])]).hasSuffix(
            "would vouch for host names only within example.com but not within secret.example.com and EVERY IP address except those in 10.0.0.0/8 "
                + "(its name constraints: permitted DNS example.com; excluded DNS secret.example.com, IP 10.0.0.0/8)"))
        #expect(try Self.reach(excluded: [.dnsName("corp.example")]).hasSuffix(
            "would vouch for EVERY host name except those within corp.example and EVERY IP address (its name constraints: excluded DNS corp.example)"))
    }

    @Test("a bundle: each CA with its own reach; trust show says the same of each CA, nothing of a server certificate")
    func bundleAndShow() throws {
        let open = try TestCertificateAuthority(name: "open")
        let limited = try TestCertificateAuthority(name: "limited", permittedDNSDomains: ["example.com"])
        #expect(NameConstraintsText.reach(of: [open.root.certificate, limited.root.certificate]) == Self.store
            + "the CA O=regctl tests,CN=open would vouch for EVERY host name and EVERY IP address (it has no name constraints); "
            + "the CA O=regctl tests,CN=limited would vouch for host names only within example.com and EVERY IP address (its name constraints: permitted DNS example.com)")
        #expect(CertificateSummary(limited.root.certificate).vouchesFor == NameConstraintsText.scope(of: limited.root.certificate))
        #expect(CertificateSummary(try limited.issueServerCertificate(for: ["reg.example.com"]).certificate).vouchesFor == nil)
    }
}
