import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// `regctl trust install` against the real TLS registry, proven with skopeo and podman.
@Suite("trust install")
struct TrustInstallTests {
    @Test("user scope: skopeo and podman then pull with no --cert-dir and no --tls-verify")
    func userScopeClientsPull() async throws {
        try await withSandbox { sandbox in
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": "pw-\(UUID())"]))
            let authFile = try writeAuthFile(sandbox, registry: registry)
            let reference = "\(registry.host)/team/hello:1"
            let image = try await sandbox.makeTestImage()

            let before = try await sandbox.run(["skopeo", "copy", "--authfile", authFile, image.reference, "docker://\(reference)"])
            #expect(!before.succeeded, "without the CA skopeo must refuse the registry: \(before)")

            let install = try await sandbox.regctl(["trust", "install", registry.host, "--ca-file", try sandbox.writeCAFile(), "--scope", "user"])
            try #require(install.status == 0, "\(install)")
            #expect(install.stdout.contains("verified against \(registry.host)"))
            let caFile = sandbox.home.appendingPathComponent(".config/containers/certs.d/\(registry.host)/ca.crt")
            #expect(FileManager.default.fileExists(atPath: caFile.path))
            #expect(try permissions(caFile) == 0o644)
            #expect(try permissions(caFile.deletingLastPathComponent()) == 0o755)
            #expect(!FileManager.default.fileExists(atPath: sandbox.sysroot.appendingPathComponent("etc/docker/certs.d").path))

            let push = try await sandbox.run(["skopeo", "copy", "--authfile", authFile, image.reference, "docker://\(reference)"])
            #expect(push.succeeded, "\(push)")
            let pull = try await sandbox.podman(["pull", "--authfile", authFile, reference])
            #expect(pull.succeeded, "\(pull)")
        }
    }

    @Test("system scope: skopeo verifies with exactly the installed directories")
    func systemScopeDirectories() async throws {
        try await withSandbox { sandbox in
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": "pw-\(UUID())"]))
            let authFile = try writeAuthFile(sandbox, registry: registry)
            let install = try await sandbox.regctl(["trust", "install", registry.host, "--ca-file", try sandbox.writeCAFile(), "--scope", "system", "--json"])
            try #require(install.status == 0, "\(install)")
            let report = try JSONDecoder.iso8601.decode(TrustInstallReport.self, from: Data(install.stdout.utf8))
            #expect(report.entries.map(\.location) == [.containersSystem, .docker])
            #expect(report.entries.allSatisfy { $0.outcome == .installed })
            #expect(!FileManager.default.fileExists(atPath: sandbox.home.appendingPathComponent(".config/containers/certs.d").path))

            for directory in ["etc/containers/certs.d", "etc/docker/certs.d"] {
                let certs = sandbox.sysroot.appendingPathComponent("\(directory)/\(registry.host)").path
                let inspect = try await sandbox.run(["skopeo", "inspect", "--authfile", authFile, "--cert-dir", certs, "docker://\(registry.host)/team/none:1"])
                #expect(!inspect.stderr.contains("certificate"), "TLS must verify with \(certs): \(inspect)")
                #expect(inspect.stderr.contains("manifest unknown") || inspect.stderr.contains("not found"), "\(inspect)")
            }
        }
    }

    @Test("--from-server: a wrong fingerprint installs nothing, the right one installs the CA")
    func fromServerFingerprint() async throws {
        try await withSandbox { sandbox in
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": "unused-password"]))
            let fingerprint = CertificateSummary.fingerprint(of: sandbox.authority.root.certificate)
            let wrong = String(fingerprint.reversed())
            let before = sandbox.fileSnapshot()

            let refused = try await sandbox.regctl(["trust", "install", registry.host, "--from-server", "--fingerprint", wrong])
            #expect(refused.status == 1, "\(refused)")
            #expect(refused.stderr.contains("fingerprint mismatch"))
            #expect(sandbox.fileSnapshot() == before)

            let unconfirmed = try await sandbox.regctl(["trust", "install", registry.host, "--from-server"])
            #expect(unconfirmed.status == 2, "no terminal, no fingerprint, no --yes: \(unconfirmed)")
            #expect(unconfirmed.stderr.contains("--fingerprint \(fingerprint)"))
            #expect(sandbox.fileSnapshot() == before)

            let accepted = try await sandbox.regctl(["trust", "install", registry.host, "--from-server", "--fingerprint", fingerprint.lowercased()])
            #expect(accepted.status == 0, "\(accepted)")
            #expect(accepted.stdout.components(separatedBy: fingerprint).count == 2, "the CA's details once: \(accepted)")
            #expect(!accepted.stderr.contains(fingerprint), "\(accepted)")
            let installed = try String(contentsOf: sandbox.sysroot.appendingPathComponent("etc/docker/certs.d/\(registry.host)/ca.crt"), encoding: .utf8)
            #expect(installed == (try sandbox.authority.certificatePEM))

            let again = try await sandbox.regctl(["trust", "install", registry.host, "--from-server", "--yes"])
            #expect(again.status == 0)
            #expect(again.stdout.components(separatedBy: "already trusted").count == 6, "\(again)")
            #expect(again.stderr.contains("trust on first use"))
        }
    }

    @Test("--from-server refuses a server that sends no CA")
    func fromServerWithoutCA() async throws {
        try await withSandbox { sandbox in
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": "unused-password"]), servesCA: false)
            let result = try await sandbox.regctl(["trust", "install", registry.host, "--from-server", "--yes"])
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr.contains("not the CA that issued it"))
        }
    }

    @Test("a CA from another authority is refused because it does not verify the server")
    func foreignCARefused() async throws {
        try await withSandbox { sandbox in
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": "unused-password"]))
            let foreign = try sandbox.writeCAFile(try TestCertificateAuthority(name: "someone else's CA").certificatePEM)
            let before = sandbox.fileSnapshot()
            let result = try await sandbox.regctl(["trust", "install", registry.host, "--ca-file", foreign])
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr.contains("does not verify the certificate \(registry.host) presents"))
            #expect(sandbox.fileSnapshot() == before)
        }
    }

    @Test("the CA must verify the host name too: a certificate for another name is refused")
    func wrongNameRefused() async throws {
        try await withSandbox { sandbox in
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": "unused-password"]), serverNames: ["127.0.0.1"])
            let port = registry.host.split(separator: ":").last!
            let before = sandbox.fileSnapshot()
            let result = try await sandbox.regctl(["trust", "install", "localhost:\(port)", "--ca-file", try sandbox.writeCAFile()])
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr.contains("does not verify the certificate localhost:\(port) presents"), "\(result)")
            #expect(sandbox.fileSnapshot() == before)
        }
    }

    enum HostileBundle: String, CaseIterable, Sendable {
        case privateKey = "private key"
        case garbage
        case expired
        case notACA = "not a CA"
        case empty
    }

    @Test("hostile bundles are refused with exit 2, each with its own message, and change nothing", arguments: HostileBundle.allCases)
    func hostileBundles(kind: HostileBundle) async throws {
        try await withSandbox { sandbox in
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": "unused-password"]))
            let pem: String = switch kind {
            case .privateKey: try sandbox.authority.certificatePEM + sandbox.authority.root.privateKeyPEM
            case .garbage: "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n"
            case .expired: try TestCertificateAuthority(name: "expired CA", lifetime: -1800).certificatePEM
            case .notACA: try sandbox.authority.issueServerCertificate(for: [registry.host]).certificatePEM
            case .empty: ""
            }
            let file = try sandbox.writeCAFile(pem)
            let says = switch kind {
            case .privateKey: "block; a CA bundle may hold certificates only (never a private key)"
            case .garbage: "in \(file) does not parse"
            case .expired: "expired CA expired on"
            case .notACA: "is not a CA certificate and does not verify the server"
            case .empty: "\(file) holds no PEM certificate"
            }
            let before = sandbox.fileSnapshot()
            let result = try await sandbox.regctl(["trust", "install", registry.host, "--ca-file", file])
            #expect(result.status == 2, "\(kind): \(result)")
            #expect(result.stderr.hasPrefix("Error: "), "\(result)")
            #expect(result.stderr.contains(says), "\(kind): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count <= 2, "one or two lines: \(result.stderr)")
            #expect(sandbox.fileSnapshot() == before)
        }
    }

    @Test("a path-traversing host is refused before any file is touched", arguments: ["../../etc", "a/b", "..", "x y", ""])
    func traversingHost(host: String) async throws {
        try await withSandbox { sandbox in
            let before = sandbox.fileSnapshot()
            let result = try await sandbox.regctl(["trust", "install", host, "--ca-file", try sandbox.writeCAFile()])
            #expect(result.status == 2, "\(result)")
            #expect(sandbox.fileSnapshot() == before)
        }
    }

    @Test("an unreachable server: the CA is installed with a warning that it was not checked")
    func unreachableServer() async throws {
        try await withSandbox { sandbox in
            let closed = "127.0.0.1:\(try sandbox.refusingPorts(1)[0])"
            let result = try await sandbox.regctl(["trust", "install", closed, "--ca-file", try sandbox.writeCAFile(), "--scope", "user"])
            #expect(result.status == 0, "\(result)")
            #expect(result.stderr.contains("not checked against the server"))
            #expect(result.stdout.contains("not checked against the server"))
        }
    }

    func writeAuthFile(_ sandbox: Sandbox, registry: RegistryServer) throws -> String {
        let file = sandbox.root.appendingPathComponent("test-auth.json")
        let auth = Data("alice:\(registry.password(for: "alice") ?? "")".utf8).base64EncodedString()
        try sandbox.write(#"{"auths":{"\#(registry.host)":{"auth":"\#(auth)"}}}"#, to: file)
        sandbox.allowSecret(in: file)
        return file.path
    }
}

func permissions(_ url: URL) throws -> Int {
    (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int) ?? -1
}

extension JSONDecoder {
    static var iso8601: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
