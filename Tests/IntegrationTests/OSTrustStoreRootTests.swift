import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// Root's rule for the operating system's store (issue 30.4): `trust install --os-store` and
/// `trust remove`, run as root (as these tests are), change the relocated Debian store only
/// when root alone controls every part of it that is written or read, and run no hook from it.
@Suite("operating system trust store as root")
struct OSTrustStoreRootTests {
    @Test("a store part another user owns or may write, or an update tool of theirs on PATH, is refused by install and by remove, exit 1, nothing changed; root's own store works")
    func othersStore() async throws {
        try await withSandbox { sandbox in
            _ = try await sandbox.makeSystemTrustStore()
            let ca = try sandbox.writeCAFile()
            let install = ["trust", "install", "reg.example", "--ca-file", ca, "--os-store", "--yes"]
            let sysroot = sandbox.sysroot
            let anchors = sysroot.appendingPathComponent("usr/local/share/ca-certificates")
            let conf = sysroot.appendingPathComponent("etc/ca-certificates.conf")
            let etcCerts = sysroot.appendingPathComponent("etc/ssl/certs")

            func expectRefused(_ arguments: [String], _ why: String, adding: [String: String] = [:]) async throws {
                let before = sandbox.fileSnapshot()
                let refused = try await sandbox.run([Sandbox.productsDirectory.appendingPathComponent("regctl").path] + arguments, adding: adding)
                #expect(refused.status == 1, "\(refused)")
                #expect(refused.stderr.contains(why), "\(refused.stderr)")
                #expect(sandbox.fileSnapshot() == before, "nothing changed: \(arguments)")
            }
            try RootSafetyTests.give(anchors, to: RootSafetyTests.nobody)
            try await expectRefused(install, "does not write below \(anchors.path), which belongs to uid 65534 (nobody)")
            try RootSafetyTests.give(anchors, to: 0)
            try RootSafetyTests.mode(conf, 0o666)
            try await expectRefused(install, "does not run update-ca-certificates over \(conf.path): \(conf.path) is writable by every user")
            try RootSafetyTests.mode(conf, 0o644)
            try RootSafetyTests.mode(etcCerts, 0o775)
            try await expectRefused(install, "does not write below \(etcCerts.path), which is writable by its group (gid 0)")
            try RootSafetyTests.mode(etcCerts, 0o755)
            let otherTools = sandbox.root.appendingPathComponent("nobody-bin")
            let mark = sandbox.root.appendingPathComponent("tool-ran")
            try await sandbox.writeExecutable("#!/bin/sh\ntouch \(mark.path)\n", to: otherTools.appendingPathComponent("update-ca-certificates"))
            try RootSafetyTests.give(otherTools, to: RootSafetyTests.nobody)
            try await expectRefused(install, "does not run \(otherTools.path)/update-ca-certificates: \(otherTools.path) belongs to uid 65534 (nobody)",
                                    adding: ["PATH": otherTools.path + ":" + (sandbox.environment["PATH"] ?? "")])
            #expect(!FileManager.default.fileExists(atPath: mark.path), "another user's update-ca-certificates did not run")

            let installed = try await sandbox.regctl(install)
            #expect(installed.status == 0, "\(installed)")
            let anchor = anchors.appendingPathComponent("regctl-reg.example.crt")
            #expect(FileManager.default.fileExists(atPath: anchor.path))
            try RootSafetyTests.give(anchors, to: RootSafetyTests.nobody)
            try await expectRefused(["trust", "remove", "reg.example"], "does not write below \(anchors.path), which belongs to uid 65534 (nobody)")
            try RootSafetyTests.give(anchors, to: 0)
            let removed = try await sandbox.regctl(["trust", "remove", "reg.example"])
            #expect(removed.status == 0 && removed.stdout.contains("removed \(anchor.path)"), "\(removed)")
        }
    }

    @Test("the machine's own store (no sysroot): a hooks directory root does not control alone is refused before anything is written or run")
    func machineHooks() async throws {
        try await withSandbox { sandbox in
            // The real paths, in a private mount namespace: a copy of /etc, an empty anchors directory.
            let etc = sandbox.root.appendingPathComponent("etc-copy")
            let anchors = sandbox.root.appendingPathComponent("anchors")
            try await sandbox.copyOfEtc(to: etc)
            try FileManager.default.createDirectory(at: anchors, withIntermediateDirectories: true)
            let hooks = etc.appendingPathComponent("ca-certificates/update.d")
            try RootSafetyTests.mode(hooks, 0o775)
            let bundle = etc.appendingPathComponent("ssl/certs/ca-certificates.crt")
            let before = try Data(contentsOf: bundle)
            let regctl = Sandbox.productsDirectory.appendingPathComponent("regctl").path
            let refused = try await sandbox.run(["unshare", "--mount", "--propagation", "private", "--", "sh", "-c",
                                                 #"mount --bind "$1" /etc && mount --bind "$2" /usr/local/share/ca-certificates && shift 2 && exec env -u REGCTL_SYSROOT "$@""#,
                                                 "sh", etc.path, anchors.path, regctl, "trust", "install", "reg.example", "--ca-file", try sandbox.writeCAFile(), "--os-store", "--yes"])
            #expect(refused.status == 1, "\(refused)")
            #expect(refused.stderr.contains("does not run update-ca-certificates over /etc/ca-certificates/update.d: /etc/ca-certificates/update.d is writable by its group (gid 0)"), "\(refused.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: anchors.path).isEmpty)
            #expect(try Data(contentsOf: bundle) == before)
            #expect(!FileManager.default.fileExists(atPath: etc.appendingPathComponent("containers/certs.d/reg.example").path), "no certs.d copy either")
        }
    }

    @Test("trust bundle --output as root refuses a directory another user owns, writing nothing; root's own directory works")
    func bundleOutput() async throws {
        try await withSandbox { sandbox in
            _ = try await sandbox.makeSystemTrustStore()
            let installed = try await sandbox.regctl(["trust", "install", "reg.example", "--ca-file", try sandbox.writeCAFile()])
            try #require(installed.succeeded, "\(installed)")
            let directory = sandbox.root.appendingPathComponent("shared")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try RootSafetyTests.give(directory, to: RootSafetyTests.nobody)
            let output = directory.appendingPathComponent("bundle.pem")
            let refused = try await sandbox.regctl(["trust", "bundle", "reg.example", "--output", output.path])
            #expect(refused.status == 1, "\(refused)")
            #expect(refused.stderr.contains("does not write below \(directory.path), which belongs to uid 65534 (nobody)"), "\(refused.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
            try RootSafetyTests.give(directory, to: 0)
            let written = try await sandbox.regctl(["trust", "bundle", "reg.example", "--output", output.path])
            #expect(written.status == 0 && FileManager.default.fileExists(atPath: output.path), "\(written)")
        }
    }

    @Test("a hook script in the relocated store's update.d does not run as root, on install or on remove")
    func noHooks() async throws {
        try await withSandbox { sandbox in
            let store = try await sandbox.makeSystemTrustStore()
            let mark = sandbox.root.appendingPathComponent("hook-ran")
            try await sandbox.writeExecutable("#!/bin/sh\nid -u >> \(mark.path)\n",
                                              to: sandbox.sysroot.appendingPathComponent("etc/ca-certificates/update.d/mark"))
            let ca = try sandbox.writeCAFile()
            let caBody = try Sandbox.certificates(in: ca)[0]
            let installed = try await sandbox.regctl(["trust", "install", "reg.example", "--ca-file", ca, "--os-store", "--yes"])
            #expect(installed.status == 0, "\(installed)")
            #expect(try Sandbox.certificates(in: store.bundle).contains(caBody), "the store was updated")
            let removed = try await sandbox.regctl(["trust", "remove", "reg.example"])
            #expect(removed.status == 0, "\(removed)")
            #expect(try !Sandbox.certificates(in: store.bundle).contains(caBody), "the store was updated")
            #expect(!FileManager.default.fileExists(atPath: mark.path), "the hook ran as uid \((try? String(contentsOf: mark, encoding: .utf8)) ?? "")")
        }
    }
}
