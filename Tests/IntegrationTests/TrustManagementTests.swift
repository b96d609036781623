import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// `regctl trust list | show | verify | remove`, replacement, links and privileges.
@Suite("trust management")
struct TrustManagementTests {
    @Test("list and show report every scope holding a host, in text and JSON")
    func listAndShow() async throws {
        try await withSandbox { sandbox in
            let ca = try sandbox.writeCAFile()
            for (host, scope) in [("reg.example:5000", "user"), ("other.example", "all")] {
                let install = try await sandbox.regctl(["trust", "install", host, "--ca-file", ca, "--scope", scope])
                try #require(install.status == 0, "\(install)")
            }
            let list = try await sandbox.regctl(["trust", "list", "--json"])
            let entries = try JSONDecoder.iso8601.decode([TrustEntry].self, from: Data(list.stdout.utf8))
            #expect(entries.map(\.host.description) == ["other.example", "reg.example:5000"])
            #expect(entries[0].placements.map(\.location) == [.containersUser, .dockerUser, .containerdUser, .containersSystem, .docker])
            #expect(entries[1].placements.map(\.location) == [.containersUser, .dockerUser, .containerdUser])
            let fingerprint = CertificateSummary.fingerprint(of: sandbox.authority.root.certificate)
            #expect(entries.allSatisfy { $0.placements.allSatisfy { $0.certificates.first?.fingerprint == fingerprint } })

            let text = try await sandbox.regctl(["trust", "list", "--scope", "system"])
            #expect(text.stdout.split(separator: "\n").count == 1)
            #expect(text.stdout.hasPrefix("other.example\tcontainers-system,docker"))

            let show = try await sandbox.regctl(["trust", "show", "reg.example:5000"])
            #expect(show.status == 0)
            #expect(show.stdout.contains("SHA-256:  \(fingerprint)"))
            #expect(show.stdout.contains("  names:    EVERY host name and EVERY IP address (it has no name constraints)\n"), "\(show)")
            let missing = try await sandbox.regctl(["trust", "show", "nothing.example"])
            #expect(missing.status == 1)
            #expect(missing.stderr.contains("no CA is installed for nothing.example"))
        }
    }

    @Test("a different CA is replaced only with --yes, after both fingerprints are shown")
    func replacement() async throws {
        try await withSandbox { sandbox in
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": "unused-password"]))
            let caFile = sandbox.home.appendingPathComponent(".config/containers/certs.d/\(registry.host)/ca.crt")
            let stale = try TestCertificateAuthority(name: "old CA").certificatePEM
            try sandbox.write(stale, to: caFile)
            let before = sandbox.fileSnapshot()

            let refused = try await sandbox.regctl(["trust", "install", registry.host, "--ca-file", try sandbox.writeCAFile(), "--scope", "user"])
            #expect(refused.status == 2, "\(refused)")
            #expect(refused.stderr.contains("already holds a different CA"))
            #expect(refused.stderr.contains("--yes"))
            #expect(sandbox.fileSnapshot() == before)

            let replaced = try await sandbox.regctl(["trust", "install", registry.host, "--ca-file", try sandbox.writeCAFile(), "--scope", "user", "--yes"])
            #expect(replaced.status == 0, "\(replaced)")
            #expect(replaced.stdout.contains("replaced"))
            #expect(try String(contentsOf: caFile, encoding: .utf8) == (try sandbox.authority.certificatePEM))
        }
    }

    @Test("remove deletes only ca.crt, keeps client certificates and their directory")
    func removeKeepsOtherFiles() async throws {
        try await withSandbox { sandbox in
            let ca = try sandbox.writeCAFile()
            _ = try await sandbox.regctl(["trust", "install", "reg.example", "--ca-file", ca, "--scope", "all"])
            let userDirectory = sandbox.home.appendingPathComponent(".config/containers/certs.d/reg.example")
            try sandbox.write("client certificate", to: userDirectory.appendingPathComponent("client.cert"))

            let removed = try await sandbox.regctl(["trust", "remove", "reg.example", "--json"])
            #expect(removed.status == 0, "\(removed)")
            #expect(removed.stdout.components(separatedBy: "ca.crt").count == 6)
            #expect(FileManager.default.fileExists(atPath: userDirectory.appendingPathComponent("client.cert").path))
            #expect(!FileManager.default.fileExists(atPath: userDirectory.appendingPathComponent("ca.crt").path))
            #expect(!FileManager.default.fileExists(atPath: sandbox.sysroot.appendingPathComponent("etc/docker/certs.d/reg.example").path))

            let again = try await sandbox.regctl(["trust", "remove", "reg.example"])
            #expect(again.status == 0)
            #expect(again.stdout.contains("nothing removed"))
        }
    }

    @Test("verify passes with the right CA and detects a user directory shadowing a good system one")
    func verifyAndShadowing() async throws {
        try await withSandbox { sandbox in
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": "unused-password"]))
            let untrusted = try await sandbox.regctl(["trust", "verify", registry.host])
            #expect(untrusted.status == 1, "\(untrusted)")

            _ = try await sandbox.regctl(["trust", "install", registry.host, "--ca-file", try sandbox.writeCAFile(), "--scope", "system"])
            let good = try await sandbox.regctl(["trust", "verify", registry.host, "--json"])
            #expect(good.status == 0, "\(good)")
            let report = try JSONDecoder.iso8601.decode(TrustVerificationReport.self, from: Data(good.stdout.utf8))
            #expect(report.checks.map(\.client) == ["containers", "docker"])
            #expect(report.verified)

            let userDirectory = sandbox.home.appendingPathComponent(".config/containers/certs.d/\(registry.host)")
            try sandbox.write(try TestCertificateAuthority(name: "wrong CA").certificatePEM, to: userDirectory.appendingPathComponent("ca.crt"))
            let shadowed = try await sandbox.regctl(["trust", "verify", registry.host])
            #expect(shadowed.status == 1, "\(shadowed)")
            #expect(shadowed.stdout.contains("FAILED  containers (\(userDirectory.path))"))
            #expect(shadowed.stdout.contains("ok      docker"))
            #expect(shadowed.stdout.contains("\(userDirectory.path) hides a later certs.d directory"))
            #expect(shadowed.stdout.contains("unknown certificate authority"), "told in words: \(shadowed.stdout)")
            #expect(!shadowed.stdout.contains("BoringSSL") && !shadowed.stdout.contains("handshake.cc"))
            let userOnly = try await sandbox.regctl(["trust", "verify", registry.host, "--scope", "system", "--json"])
            #expect(try JSONDecoder.iso8601.decode(TrustVerificationReport.self, from: Data(userOnly.stdout.utf8)).checks.map(\.client) == ["docker"])

            let skopeo = try await sandbox.run(["skopeo", "inspect", "docker://\(registry.host)/team/none:1"])
            #expect(skopeo.stderr.contains("certificate"), "skopeo sees the same shadowing: \(skopeo)")
        }
    }

    @Test("a symbolic link in place of the host directory is refused")
    func symbolicLinkRefused() async throws {
        try await withSandbox { sandbox in
            let target = sandbox.root.appendingPathComponent("elsewhere")
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            let link = sandbox.home.appendingPathComponent(".config/containers/certs.d/reg.example")
            try FileManager.default.createDirectory(at: link.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
            let result = try await sandbox.regctl(["trust", "install", "reg.example", "--ca-file", try sandbox.writeCAFile(), "--scope", "user"])
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr.contains("symbolic link"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: target.path).isEmpty)
        }
    }

    @Test("not root and no terminal: system scope exits 3 with the exact command of the staged CA, writing nothing else")
    func needsPrivileges() async throws {
        try await withSandbox { sandbox in
            let other = try TestCertificateAuthority(name: "other CA")
            let bundle = try sandbox.authority.certificatePEM + other.certificatePEM
            let ca = try sandbox.writeCAFile(bundle)
            let runtime = try sandbox.useRuntimeDirectoryOfNobody()
            let before = sandbox.fileSnapshot()
            let result = try await sandbox.regctlAsNobody(["trust", "install", "reg.example", "--ca-file", ca, "--scope", "system"])
            #expect(result.status == 3, "\(result)")
            #expect(result.stderr.contains("needs root"))
            let staged = runtime.appendingPathComponent("regctl/reg.example.crt")
            let pins = [sandbox.authority.root.certificate, other.root.certificate].map { "--fingerprint \(CertificateSummary.fingerprint(of: $0))" }
            let command = "sudo env REGCTL_SYSROOT=\(sandbox.sysroot.path) regctl trust install reg.example --ca-file \(staged.path) "
                + pins.joined(separator: " ") + " --scope system"
            #expect(try commandToRunAsRoot(in: result.stderr) == command, "\(result.stderr)")
            #expect(result.stderr.contains("--scope user"))
            #expect(try String(contentsOf: staged, encoding: .utf8) == bundle)
            var after = sandbox.fileSnapshot()
            after[staged.path] = nil
            after[staged.deletingLastPathComponent().path] = nil
            #expect(after == before, "nothing but the staged CA was written")
        }
    }
}
