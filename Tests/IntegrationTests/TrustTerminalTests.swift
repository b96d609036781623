import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// `regctl trust install` at a real terminal (tmux): the prompts and the sudo hand-over.
@Suite("trust at a terminal")
struct TrustTerminalTests {
    @Test("--from-server asks, and installs on y")
    func fromServerYes() async throws {
        try await withSandbox { sandbox in
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": "pw"]))
            let terminal = try await sandbox.terminal("\(regctl) trust install \(registry.host) --from-server --scope user")
            let screen = try await terminal.waitFor("Trust this CA for \(registry.host)? [y/N]")
            #expect(screen.contains(CertificateSummary.fingerprint(of: sandbox.authority.root.certificate)))
            try await terminal.send("y", "Enter")
            #expect(try await terminal.exitCode() == 0)
            #expect(FileManager.default.fileExists(atPath: sandbox.home.appendingPathComponent(".config/containers/certs.d/\(registry.host)/ca.crt").path))
        }
    }

    @Test("--from-server installs nothing when the answer is not yes")
    func fromServerNo() async throws {
        try await withSandbox { sandbox in
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": "pw"]))
            let before = sandbox.fileSnapshot()
            let terminal = try await sandbox.terminal("\(regctl) trust install \(registry.host) --from-server")
            try await terminal.waitFor("[y/N]")
            try await terminal.send("n", "Enter")
            #expect(try await terminal.exitCode() == 1)
            #expect(try await terminal.screen().contains("nothing installed"))
            #expect(sandbox.fileSnapshot() == before)
        }
    }

    @Test("replacing a different CA shows the old one and asks")
    func replacementPrompt() async throws {
        try await withSandbox { sandbox in
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": "pw"]))
            let caFile = sandbox.home.appendingPathComponent(".config/containers/certs.d/\(registry.host)/ca.crt")
            try sandbox.write(try TestCertificateAuthority(name: "old CA").certificatePEM, to: caFile)
            let terminal = try await sandbox.terminal("\(regctl) trust install \(registry.host) --ca-file \(try sandbox.writeCAFile()) --scope user")
            let screen = try await terminal.waitFor("Replace it? [y/N]")
            #expect(screen.contains("CN=old CA"))
            try await terminal.send("y", "Enter")
            #expect(try await terminal.exitCode() == 0)
            #expect(try String(contentsOf: caFile, encoding: .utf8) == (try sandbox.authority.certificatePEM))
        }
    }

    @Test("not root at a terminal: only the system-scope copy runs again through sudo, with no secret")
    func sudoHandOver() async throws {
        try await withSandbox { sandbox in
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": "pw"]))
            let shim = sandbox.root.appendingPathComponent("shim")
            let log = sandbox.root.appendingPathComponent("sudo-log")
            try FileManager.default.createDirectory(at: log, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o777])
            let script = """
                #!/bin/sh
                printf '%s\\n' "$@" > \(log.path)/argv
                while [ $# -gt 0 ]; do [ "$1" = --ca-file ] && cp "$2" \(log.path)/staged.crt; shift; done
                exit 0

                """
            try await sandbox.writeExecutable(script, to: shim.appendingPathComponent("sudo"))
            let ca = try sandbox.writeCAFile()
            let command = "setpriv --reuid=65534 --regid=65534 --clear-groups -- env PATH=\(shim.path):/usr/bin:/bin TMPDIR=/tmp "
                + "\(regctl) trust install \(registry.host) --ca-file \(ca) --scope system"
            let terminal = try await sandbox.terminal(command)
            let code = try await terminal.exitCode()
            let screen = try await terminal.screen()
            #expect(code == 0, "\(screen)")

            let argv = try String(contentsOf: log.appendingPathComponent("argv"), encoding: .utf8).split(separator: "\n").map(String.init)
            let fingerprint = CertificateSummary.fingerprint(of: sandbox.authority.root.certificate)
            #expect(Array(argv.prefix(2)) == ["env", "REGCTL_SYSROOT=\(sandbox.sysroot.path)"])
            #expect(argv[2].hasSuffix("/regctl"))
            #expect(Array(argv.dropFirst(3).prefix(3)) == ["trust", "install", registry.host])
            #expect(Array(argv.suffix(5)) == ["--fingerprint", fingerprint, "--scope", "system", "--yes"])
            #expect(try String(contentsOf: log.appendingPathComponent("staged.crt"), encoding: .utf8) == (try sandbox.authority.certificatePEM))
        }
    }

    @Test("not root at a terminal: trust remove deletes the system-scope copies through sudo")
    func sudoRemove() async throws {
        try await withSandbox { sandbox in
            let installed = try await sandbox.regctl(["trust", "install", "reg.example", "--ca-file", try sandbox.writeCAFile(), "--scope", "system"])
            try #require(installed.succeeded, "\(installed)")
            let shim = sandbox.root.appendingPathComponent("shim")
            let log = sandbox.root.appendingPathComponent("sudo-log")
            try FileManager.default.createDirectory(at: log, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o777])
            try await sandbox.writeExecutable("#!/bin/sh\nprintf '%s\\n' \"$@\" > \(log.path)/argv\nexit 0\n", to: shim.appendingPathComponent("sudo"))
            let command = "setpriv --reuid=65534 --regid=65534 --clear-groups -- env PATH=\(shim.path):/usr/bin:/bin TMPDIR=/tmp "
                + "\(regctl) trust remove reg.example --scope system"
            let terminal = try await sandbox.terminal(command)
            let code = try await terminal.exitCode()
            let screen = try await terminal.screen()
            #expect(code == 0, "\(screen)")
            #expect(screen.contains("removed \(sandbox.sysroot.path)/etc/containers/certs.d/reg.example/ca.crt"), "\(screen)")
            let argv = try String(contentsOf: log.appendingPathComponent("argv"), encoding: .utf8).split(separator: "\n").map(String.init)
            #expect(Array(argv.prefix(2)) == ["env", "REGCTL_SYSROOT=\(sandbox.sysroot.path)"])
            #expect(Array(argv.dropFirst(3)) == ["trust", "remove", "reg.example", "--scope", "system"], "\(argv)")
        }
    }

    private var regctl: String { Sandbox.productsDirectory.appendingPathComponent("regctl").path }
}
