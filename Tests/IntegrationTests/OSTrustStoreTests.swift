import Foundation
import RegctlTestSupport
import Testing

/// `trust install --os-store`, `trust remove` and `trust bundle`, proven with a real Go
/// `net/http` client and Debian's real `update-ca-certificates`, relocated into the sysroot.
@Suite("operating system trust store")
struct OSTrustStoreTests {
    @Test("a Go client trusts the registry through --os-store and through trust bundle, and not before or after remove")
    func goClient() async throws {
        try await withSandbox { sandbox in
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": "unused-password"]))
            let url = "https://\(registry.host)/v2/"
            let store = try await sandbox.makeSystemTrustStore()
            let publicRoots = try Sandbox.certificates(in: store.bundle)
            try #require(publicRoots.count > 50)
            let ca = try sandbox.writeCAFile()
            let caBody = try Sandbox.certificates(in: ca)[0]

            let before = try await GoClient.get(url, certFile: store.bundle, certDirectory: store.directory, in: sandbox)
            #expect(before.status == 1)
            #expect(before.stdout.contains("x509: certificate signed by unknown authority"), "\(before)")

            let install = try await sandbox.regctl(["trust", "install", registry.host, "--ca-file", ca, "--os-store", "--yes"])
            #expect(install.status == 0, "\(install)")
            #expect(install.stderr.contains("would vouch for EVERY host name"), "\(install)")
            let anchor = "\(sandbox.sysroot.path)/usr/local/share/ca-certificates/regctl-\(registry.host.replacingOccurrences(of: ":", with: "_")).crt"
            #expect(install.stdout.contains("\(anchor) (the operating system's trust store)"), "\(install)")
            let added = try Sandbox.certificates(in: store.bundle)
            #expect(added.count == publicRoots.count + 1)
            #expect(Set(publicRoots).isSubset(of: Set(added)) && added.contains(caBody))
            let after = try await GoClient.get(url, certFile: store.bundle, certDirectory: store.directory, in: sandbox)
            #expect(after.status == 0 && after.stdout.hasPrefix("ok "), "\(after)")

            let remove = try await sandbox.regctl(["trust", "remove", registry.host])
            #expect(remove.status == 0, "\(remove)")
            #expect(remove.stdout.contains("removed \(anchor)"), "\(remove)")
            #expect(try Sandbox.certificates(in: store.bundle) == publicRoots)
            let removed = try await GoClient.get(url, certFile: store.bundle, certDirectory: store.directory, in: sandbox)
            #expect(removed.status == 1 && removed.stdout.contains("x509: certificate signed by unknown authority"), "\(removed)")

            let plain = try await sandbox.regctl(["trust", "install", registry.host, "--ca-file", ca])
            #expect(plain.status == 0, "\(plain)")
            #expect(!FileManager.default.fileExists(atPath: anchor))
            #expect(try Sandbox.certificates(in: store.bundle) == publicRoots)
            let output = sandbox.root.appendingPathComponent("bundle.pem").path
            let bundle = try await sandbox.regctl(["trust", "bundle", registry.host, "--output", output])
            #expect(bundle.status == 0, "\(bundle)")
            #expect(bundle.stdout.contains("helm … --ca-file \(output)") && bundle.stdout.contains("SSL_CERT_FILE=\(output)"), "\(bundle)")
            #expect(try Sandbox.certificates(in: output) == publicRoots + [caBody])
            let printed = try await sandbox.regctl(["trust", "bundle", registry.host])
            #expect(printed.stdout == (try String(contentsOfFile: output, encoding: .utf8)))
            let empty = sandbox.root.appendingPathComponent("no-certs").path
            try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
            let viaBundle = try await GoClient.get(url, certFile: output, certDirectory: empty, in: sandbox)
            #expect(viaBundle.status == 0 && viaBundle.stdout.hasPrefix("ok "), "\(viaBundle)")

            let none = try await sandbox.regctl(["trust", "bundle", "nothing.example"])
            #expect(none.status == 1)
            #expect(none.stderr.contains("no CA is installed for nothing.example") && none.stderr.contains("regctl trust install"), "\(none)")
        }
    }

    @Test("without a terminal and without --yes, or with --scope user, --os-store changes nothing (exit 2)")
    func refusals() async throws {
        try await withSandbox { sandbox in
            try FileManager.default.createDirectory(at: sandbox.sysroot.appendingPathComponent("usr/local/share/ca-certificates"), withIntermediateDirectories: true)
            let ca = try sandbox.writeCAFile()
            let before = sandbox.fileSnapshot()
            let unconfirmed = try await sandbox.regctl(["trust", "install", "reg.example", "--ca-file", ca, "--os-store"])
            #expect(unconfirmed.status == 2, "\(unconfirmed)")
            #expect(unconfirmed.stderr.contains("would vouch for EVERY host name"), "\(unconfirmed)")
            #expect(unconfirmed.stderr.contains("--yes"))
            #expect(sandbox.fileSnapshot() == before)
            let user = try await sandbox.regctl(["trust", "install", "reg.example", "--ca-file", ca, "--os-store", "--scope", "user", "--yes"])
            #expect(user.status == 2, "\(user)")
            #expect(user.stderr.contains("cannot go with --scope user"), "\(user)")
            #expect(sandbox.fileSnapshot() == before)

            let limited = try sandbox.writeCAFile(try TestCertificateAuthority(name: "apps CA", permittedDNSDomains: [".apps.example.com"]).certificatePEM, name: "limited.pem")
            let constrained = try await sandbox.regctl(["trust", "install", "reg.apps.example.com", "--ca-file", limited, "--os-store"])
            #expect(constrained.status == 2, "\(constrained)")
            #expect(constrained.stderr.contains("would vouch for host names only within .apps.example.com and EVERY IP address (its name constraints: permitted DNS .apps.example.com)"), "\(constrained)")
            #expect(!constrained.stderr.contains("EVERY host name"), "\(constrained)")
        }
    }

    @Test("a Fedora anchors directory is chosen over Debian's, as mkcert chooses; update-ca-trust cannot be relocated, so it is refused with the bundle as the way, nothing changed")
    func fedoraStore() async throws {
        try await withSandbox { sandbox in
            for directory in ["usr/local/share/ca-certificates", "etc/pki/ca-trust/source/anchors"] {
                try FileManager.default.createDirectory(at: sandbox.sysroot.appendingPathComponent(directory), withIntermediateDirectories: true)
            }
            let ca = try sandbox.writeCAFile()
            let before = sandbox.fileSnapshot()
            let refused = try await sandbox.regctl(["trust", "install", "reg.example", "--ca-file", ca, "--os-store", "--yes"])
            #expect(refused.status == 1, "\(refused)")
            #expect(refused.stderr.contains("cannot use the operating system's trust store here: update-ca-trust"), "Fedora's tool is the one wanted: \(refused)")
            #expect(refused.stderr.contains("regctl trust bundle HOST --output FILE"), "\(refused)")
            #expect(sandbox.fileSnapshot() == before, "no certs.d copy either: the store is checked first")
        }
    }
}
