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
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": "unused-password"]))
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
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": "unused-password"]))
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
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": "unused-password"]))
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

    @Test("a CA whose subject holds terminal escapes: the prompt shows them as text, the fingerprint before the subject")
    func hostileSubject() async throws {
        try await withSandbox { sandbox in
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": "unused-password"]))
            let caFile = sandbox.home.appendingPathComponent(".config/containers/certs.d/\(registry.host)/ca.crt")
            let hostile = try TestCertificateAuthority(name: "old\u{1B}[2J\u{1B}[HSHA-256: 00:11\r")
            try sandbox.write(try hostile.certificatePEM, to: caFile)
            let terminal = try await sandbox.terminal("\(regctl) trust install \(registry.host) --ca-file \(try sandbox.writeCAFile()) --scope user")
            let screen = try await terminal.waitFor("Replace it? [y/N]")
            #expect(screen.contains(#"CN=old\u{1B}[2J\u{1B}[HSHA-256: 00:11\u{D}"#), "the escapes as text: \(screen)")
            let fingerprint = try #require(screen.range(of: "SHA-256:     \(CertificateSummary.fingerprint(of: hostile.root.certificate))"), "\(screen)")
            let subject = try #require(screen.range(of: "subject:     "), "\(screen)")
            #expect(fingerprint.lowerBound < subject.lowerBound, "the fingerprint comes first: \(screen)")
            try await terminal.send("n", "Enter")
            #expect(try await terminal.exitCode() == 1)
        }
    }

    @Test("not root at a terminal: only the system-scope copy runs again through sudo, with no secret, and installs the CA")
    func sudoHandOver() async throws {
        try await withSandbox { sandbox in
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": "unused-password"]))
            let sudo = try await SudoStandIn(in: sandbox)
            let runtime = try sandbox.useRuntimeDirectoryOfNobody()
            let command = "setpriv --reuid=65534 --regid=65534 --clear-groups -- env PATH=\(sudo.directory.path):/usr/bin:/bin "
                + "\(regctl) trust install \(registry.host) --ca-file \(try sandbox.writeCAFile()) --scope system"
            let terminal = try await sandbox.terminal(command)
            let argv = try await sudo.serve(sandbox)
            let code = try await terminal.exitCode()
            let screen = try await terminal.screen()
            #expect(code == 0, "\(screen)")

            let fingerprint = CertificateSummary.fingerprint(of: sandbox.authority.root.certificate)
            #expect(Array(argv.prefix(2)) == ["env", "REGCTL_SYSROOT=\(sandbox.sysroot.path)"])
            #expect(argv.count > 2 && argv[2].hasSuffix("/regctl"), "\(argv)")
            let staged = runtime.appendingPathComponent("regctl/\(registry.host).crt")
            #expect(Array(argv.dropFirst(3)) == ["trust", "install", registry.host, "--ca-file", staged.path, "--fingerprint", fingerprint, "--scope", "system", "--yes"])
            #expect(!FileManager.default.fileExists(atPath: staged.path), "the staged CA is removed once root installed it")
            for root in sandbox.certsRoots.dropFirst() {
                let installed = root.appendingPathComponent("\(registry.host)/ca.crt")
                #expect(try String(contentsOf: installed, encoding: .utf8) == (try sandbox.authority.certificatePEM), "\(installed.path)")
            }
            #expect(!FileManager.default.fileExists(atPath: sandbox.certsRoots[0].appendingPathComponent(registry.host).path), "the user scope is not touched")
        }
    }

    @Test("not root at a terminal: trust remove deletes the system-scope copies and the --os-store file through one sudo")
    func sudoRemove() async throws {
        try await withSandbox { sandbox in
            let store = try await sandbox.makeSystemTrustStore()
            let ca = try sandbox.writeCAFile()
            let installed = try await sandbox.regctl(["trust", "install", "reg.example", "--ca-file", ca, "--scope", "system", "--os-store", "--yes"])
            try #require(installed.succeeded, "\(installed)")
            let anchor = sandbox.sysroot.appendingPathComponent("usr/local/share/ca-certificates/regctl-reg.example.crt").path
            let caBody = try Sandbox.certificates(in: ca)[0]
            try #require(try FileManager.default.fileExists(atPath: anchor) && Sandbox.certificates(in: store.bundle).contains(caBody), "in the store")
            let files = sandbox.certsRoots.dropFirst().map { $0.appendingPathComponent("reg.example/ca.crt") }
            try #require(files.allSatisfy { FileManager.default.fileExists(atPath: $0.path) }, "installed in every system root")
            let sudo = try await SudoStandIn(in: sandbox)
            let command = "setpriv --reuid=65534 --regid=65534 --clear-groups -- env PATH=\(sudo.directory.path):/usr/bin:/bin TMPDIR=/tmp "
                + "\(regctl) trust remove reg.example --scope system"
            let terminal = try await sandbox.terminal(command)
            let argv = try await sudo.serve(sandbox)
            let code = try await terminal.exitCode()
            let screen = try await terminal.screen()
            #expect(code == 0, "\(screen)")
            #expect(Array(argv.prefix(2)) == ["env", "REGCTL_SYSROOT=\(sandbox.sysroot.path)"])
            #expect(Array(argv.dropFirst(3)) == ["trust", "remove", "reg.example", "--scope", "system"], "\(argv)")
            for file in files + [URL(fileURLWithPath: anchor)] {
                #expect(!FileManager.default.fileExists(atPath: file.path), "\(file.path) removed")
                #expect(screen.contains("removed \(file.path)"), "\(screen)")
            }
            #expect(try !Sandbox.certificates(in: store.bundle).contains(caBody), "the store was updated")
            #expect(try sudo.requests() == 1, "one sudo for the certs.d copies and the store")
        }
    }

    private var regctl: String { Sandbox.productsDirectory.appendingPathComponent("regctl").path }
}

/// A `sudo` on PATH that hands its command line to the test, which runs it as root (the
/// test runs as root) and hands back its output and exit status: the step regctl delegates
/// really runs, as under sudo.
struct SudoStandIn {
    /// The directory holding the shim, to put first on PATH.
    let directory: URL
    private let exchange: URL

    init(in sandbox: Sandbox) async throws {
        directory = sandbox.root.appendingPathComponent("sudo-shim")
        exchange = sandbox.root.appendingPathComponent("sudo-exchange")
        try FileManager.default.createDirectory(at: exchange, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o777])
        try await sandbox.writeExecutable("""
            #!/bin/sh
            echo run >> \(exchange.path)/count
            printf '%s\\n' "$@" > \(exchange.path)/argv.new && mv \(exchange.path)/argv.new \(exchange.path)/argv
            while [ ! -e \(exchange.path)/status ]; do sleep 0.1; done
            cat \(exchange.path)/output
            exit "$(cat \(exchange.path)/status)"

            """, to: directory.appendingPathComponent("sudo"))
    }

    /// How many times regctl ran the shim.
    func requests() throws -> Int {
        try String(contentsOf: exchange.appendingPathComponent("count"), encoding: .utf8).split(separator: "\n").count
    }

    /// Waits for the command the shim was given, runs it as root in `sandbox` and answers
    /// the shim; returns the command's argument list.
    func serve(_ sandbox: Sandbox, timeout: Duration = .seconds(60)) async throws -> [String] {
        let request = exchange.appendingPathComponent("argv")
        let deadline = ContinuousClock.now + timeout
        while !FileManager.default.fileExists(atPath: request.path) {
            guard ContinuousClock.now < deadline else { throw HarnessError("regctl never ran sudo") }
            try await Task.sleep(for: .milliseconds(50))
        }
        let argv = try String(contentsOf: request, encoding: .utf8).split(separator: "\n").map(String.init)
        let result = try await sandbox.run(argv)
        try (result.stdout + result.stderr).write(to: exchange.appendingPathComponent("output"), atomically: true, encoding: .utf8)
        try "\(result.status)\n".write(to: exchange.appendingPathComponent("status"), atomically: true, encoding: .utf8)
        return argv
    }
}
