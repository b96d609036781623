import Foundation
import RegctlTestSupport
import Testing

/// `trust install --os-store`, `trust remove` and `trust bundle` on Fedora's layout, with the
/// real paths, in a private mount namespace over a copy of `/etc` (``FedoraTrustStore``),
/// proven with a Go `net/http` client that finds its roots as on Fedora.
@Suite("Fedora's trust store")
struct FedoraTrustStoreTests {
    @Test("the anchor goes to /etc/pki/ca-trust/source/anchors and update-ca-trust extract runs; Go trusts the registry after install, not after remove; trust bundle reads Fedora's bundle")
    func fedora() async throws {
        try await withSandbox { sandbox in
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": "unused-password"]))
            let url = "https://\(registry.host)/v2/"
            let fedora = try await FedoraTrustStore.make(in: sandbox)
            let publicRoots = try Sandbox.certificates(in: fedora.extractedBundle)
            try #require(publicRoots.count > 50)
            let ca = try sandbox.writeCAFile()
            let caBody = try Sandbox.certificates(in: ca)[0]

            let before = try await fedora.goGet(url)
            #expect(before.status == 1 && before.stdout.contains("x509: certificate signed by unknown authority"), "\(before)")

            let install = try await fedora.regctl(["trust", "install", registry.host, "--ca-file", ca, "--os-store", "--yes"])
            #expect(install.status == 0, "\(install)")
            let name = "regctl-\(registry.host.replacingOccurrences(of: ":", with: "_")).pem"
            #expect(install.stdout.contains("/etc/pki/ca-trust/source/anchors/\(name) (the operating system's trust store)"), "\(install)")
            let anchor = fedora.etc.appendingPathComponent("pki/ca-trust/source/anchors/\(name)")
            #expect(try String(contentsOf: anchor, encoding: .utf8) == (try sandbox.authority.certificatePEM))
            #expect(fedora.updateCalls() == ["extract"])
            let added = try Sandbox.certificates(in: fedora.extractedBundle)
            #expect(added.count == publicRoots.count + 1 && Set(publicRoots).isSubset(of: Set(added)) && added.contains(caBody))
            let after = try await fedora.goGet(url)
            #expect(after.status == 0 && after.stdout.hasPrefix("ok "), "\(after)")

            let bundle = try await fedora.regctl(["trust", "bundle", registry.host, "--output", sandbox.root.appendingPathComponent("bundle.pem").path])
            #expect(bundle.status == 0 && bundle.stdout.contains("system CAs of \(FedoraTrustStore.bundle) "), "\(bundle)")

            let remove = try await fedora.regctl(["trust", "remove", registry.host])
            #expect(remove.status == 0 && remove.stdout.contains("removed /etc/pki/ca-trust/source/anchors/\(name)"), "\(remove)")
            #expect(!FileManager.default.fileExists(atPath: anchor.path))
            #expect(fedora.updateCalls() == ["extract", "extract"])
            #expect(try Sandbox.certificates(in: fedora.extractedBundle) == publicRoots)
            let removed = try await fedora.goGet(url)
            #expect(removed.status == 1 && removed.stdout.contains("x509: certificate signed by unknown authority"), "\(removed)")
        }
    }
}
