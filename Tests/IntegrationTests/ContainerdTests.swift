import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// The user's containerd hosts dir: the real containerd pulls through it once
/// `trust install --scope user` wrote it (rootless docker: `RootlessDockerTests`).
@Suite("containerd trust")
struct ContainerdTests {
    /// A name for the sandbox's registry that is not an address: containerd 1.6 speaks plain
    /// HTTP to a loopback address when the host has no hosts.toml.
    static let name = "registry.regctl.test"

    /// A registry under ``name`` holding `team/app:1`, a containerd, and what a test of the
    /// user's containerd hosts dir for it needs. With `alias`, the registry is pulled from as
    /// `alias:PORT`, a name that only regctl resolves: containerd reaches it only through a
    /// hosts.toml whose `server` is `name:PORT`.
    struct Setup {
        let sandbox: Sandbox
        /// The host pulled from.
        let host: String
        /// `name:PORT`, where the registry answers for containerd.
        let server: String
        let hostsRoot: URL
        let names: [String]
        var directory: URL { hostsRoot.appendingPathComponent(host) }
        var caFile: URL { directory.appendingPathComponent("ca.crt") }
        var hostsFile: URL { directory.appendingPathComponent("hosts.toml") }
        let pull: () async throws -> CommandResult

        func regctl(_ arguments: [String]) async throws -> CommandResult {
            try await sandbox.run([Sandbox.productsDirectory.appendingPathComponent("regctl").path] + arguments, resolving: names)
        }

        func expectRefused(_ result: CommandResult, _ comment: Comment) {
            #expect(result.status == 1, comment)
            #expect(result.stderr.contains("x509: certificate signed by unknown authority"), "\(comment): \(result)")
        }
    }

    func withPullableRegistry(alias: String? = nil, _ body: (Setup) async throws -> Void) async throws {
        try await withSandbox { sandbox in
            let containerd = try await sandbox.startContainerd()
            let names = [Self.name] + (alias.map { [$0] } ?? [])
            let registry = try await sandbox.startRegistry(.open, serverNames: names + ["127.0.0.1"])
            let port = registry.host.split(separator: ":").last!
            let host = "\(alias ?? Self.name):\(port)"
            let pushTrust = sandbox.root.appendingPathComponent("push-certs")
            try sandbox.write(try sandbox.authority.certificatePEM, to: pushTrust.appendingPathComponent("ca.crt"))
            let image = try await sandbox.makeTestImage()
            try await sandbox.run(["skopeo", "copy", "--dest-cert-dir", pushTrust.path, image.reference, "docker://\(registry.host)/team/app:1"]).required()
            let hostsRoot = sandbox.configHome.appendingPathComponent("containerd/certs.d")
            try await body(Setup(sandbox: sandbox, host: host, server: "\(Self.name):\(port)", hostsRoot: hostsRoot, names: names) {
                let ctr = ["ctr", "--address", containerd.socket.path]
                let result = try await sandbox.run(ctr + ["images", "pull", "--snapshotter", "native", "--hosts-dir", hostsRoot.path, "\(host)/team/app:1"], resolving: [Self.name])
                if result.succeeded { try await sandbox.run(ctr + ["images", "rm", "\(host)/team/app:1"]).required() }
                return result
            })
        }
    }

    @Test("ctr pulls through the user's containerd hosts dir only after trust install; a user's hosts.toml gets just a ca line, which remove takes out")
    func pullThroughHostsDirectory() async throws {
        try await withPullableRegistry { setup in
            let (sandbox, host, caFile, hostsFile) = (setup.sandbox, setup.host, setup.caFile, setup.hostsFile)
            setup.expectRefused(try await setup.pull(), "no CA yet")
            let ca = try sandbox.writeCAFile()
            let install = try await setup.regctl(["trust", "install", host, "--ca-file", ca, "--scope", "user"])
            #expect(install.status == 0, "\(install)")
            #expect(install.stdout.contains(", verified against \(host):\n"), "\(install)")
            for file in ["containers", "docker", "containerd"].map({ sandbox.configHome.appendingPathComponent("\($0)/certs.d/\(host)/ca.crt").path }) {
                #expect(install.stdout.contains("  installed       \(file)\n"), "\(install)")
            }
            #expect(try String(contentsOf: caFile, encoding: .utf8) == (try sandbox.authority.certificatePEM))
            let pulled = try await setup.pull()
            #expect(pulled.status == 0, "ctr reads the docker-style ca.crt: \(pulled)")
            let verify = try await setup.regctl(["trust", "verify", host, "--scope", "user"])
            #expect(verify.status == 0, "\(verify)")
            #expect(verify.stdout.contains("ok      containerd-rootless (\(setup.directory.path))"), "\(verify)")

            let written = """
                # written by the user: the registry itself, tried as a host first
                server = "https://\(host)"

                [host."https://\(host)"]
                  capabilities = ["pull", "resolve"]

                """
            try sandbox.write(written, to: hostsFile)
            chmod(hostsFile.path, 0o640)
            setup.expectRefused(try await setup.pull(), "with a hosts.toml, containerd ignores ca.crt")
            let added = try await setup.regctl(["trust", "install", host, "--ca-file", ca, "--scope", "user"])
            #expect(added.status == 0, "\(added)")
            #expect(added.stdout.contains("  already trusted \(caFile.path)\n  ca added        \(hostsFile.path)\n"), "\(added)")
            let withCA = written.replacing("\n[host.", with: "\nca = \"\(caFile.path)\"\n[host.", maxReplacements: 1)
            #expect(try String(contentsOf: hostsFile, encoding: .utf8) == withCA)
            #expect(try FileManager.default.attributesOfItem(atPath: hostsFile.path)[.posixPermissions] as? Int == 0o640)
            let pulledWithHostsFile = try await setup.pull()
            #expect(pulledWithHostsFile.status == 0, "hosts.toml's ca: \(pulledWithHostsFile)")

            let removed = try await sandbox.regctl(["trust", "remove", host, "--scope", "user"])
            #expect(removed.status == 0, "\(removed)")
            #expect(try String(contentsOf: hostsFile, encoding: .utf8) == written, "the user's hosts.toml, byte for byte")
            #expect(!FileManager.default.fileExists(atPath: caFile.path))
            setup.expectRefused(try await setup.pull(), "after remove")

            let ownCA = "ca = \"/etc/pki/registry.pem\"\n" + written
            try sandbox.write(ownCA, to: hostsFile)
            let refused = try await setup.regctl(["trust", "install", host, "--ca-file", ca, "--scope", "user"])
            #expect(refused.status == 0, "\(refused)")
            #expect(refused.stderr.contains("warning: \(hostsFile.path) already sets ca = \"/etc/pki/registry.pem\", which containerd and nerdctl use instead of \(caFile.path)"), "\(refused)")
            #expect(try String(contentsOf: hostsFile, encoding: .utf8) == ownCA)
        }
    }

    @Test("a hosts.toml with a multi-line client array, comments and host tables gets its ca line where containerd reads it; one that does not parse is left alone and named by verify and status")
    func hostsFileReadAsTOML() async throws {
        try await withPullableRegistry(alias: "alias.regctl.test") { setup in
            let (sandbox, host, caFile, hostsFile) = (setup.sandbox, setup.host, setup.caFile, setup.hostsFile)
            let client = try sandbox.authority.issueServerCertificate(for: ["client.regctl.test"])
            let certificate = sandbox.root.appendingPathComponent("client/client.cert")
            let key = sandbox.root.appendingPathComponent("client/client.key")
            try sandbox.write(try client.certificatePEM, to: certificate)
            try sandbox.write(client.privateKeyPEM, to: key)
            let written = """
                # the registry answers under its own name; a client certificate (containerd's documented pair form)
                server = "https://\(setup.server)"
                client = [
                  # certificate, then key
                  ["\(certificate.path)", "\(key.path)"],
                ]

                [host."https://\(setup.server)"]
                  capabilities = ["pull", "resolve"]
                  [host."https://\(setup.server)".header]
                    x-regctl-test = ["1"]

                """
            try sandbox.write(written, to: hostsFile)
            let ca = try sandbox.writeCAFile()
            let install = try await setup.regctl(["trust", "install", host, "--ca-file", ca, "--scope", "user"])
            #expect(install.status == 0, "\(install)")
            #expect(install.stdout.contains("  ca added        \(hostsFile.path)\n"), "\(install)")
            let withCA = written.replacing("\n[host.", with: "\nca = \"\(caFile.path)\"\n[host.", maxReplacements: 1)
            #expect(try String(contentsOf: hostsFile, encoding: .utf8) == withCA, "the ca line before the first table, not inside the client array")
            let pulled = try await setup.pull()
            #expect(pulled.status == 0, "containerd reads the edited file, and so finds the registry: \(pulled)")
            let verify = try await setup.regctl(["trust", "verify", host, "--scope", "user"])
            #expect(verify.stdout.contains("ok      containerd-rootless (\(setup.directory.path))"), "\(verify)")
            let removed = try await setup.regctl(["trust", "remove", host, "--scope", "user"])
            #expect(removed.status == 0, "\(removed)")
            #expect(try String(contentsOf: hostsFile, encoding: .utf8) == written, "the user's hosts.toml, byte for byte")

            let broken = written.replacing("\n]\n", with: "\n\n", maxReplacements: 1)
            try sandbox.write(broken, to: hostsFile)
            let problem = "\(hostsFile.path) is not valid TOML (line 8: host. is not a value): containerd ignores the file and uses only the *.crt files beside it"
            let refused = try await setup.regctl(["trust", "install", host, "--ca-file", ca, "--scope", "user"])
            #expect(refused.status == 0, "the other clients are trusted: \(refused)")
            #expect(refused.stderr.contains("warning: \(problem); regctl leaves it as it is: correct it, then run this command again"), "\(refused)")
            #expect(try String(contentsOf: hostsFile, encoding: .utf8) == broken, "left byte for byte")
            let notPulled = try await setup.pull()
            #expect(notPulled.status != 0, "containerd ignores the file, so it does not find the registry: \(notPulled)")
            let failed = try await setup.regctl(["trust", "verify", host, "--scope", "user"])
            #expect(failed.status == 1, "\(failed)")
            #expect(failed.stdout.contains("FAILED  containerd-rootless (\(setup.directory.path)): \(problem)"), "\(failed)")
            let status = try await setup.regctl(["status", host, "--offline", "--json"])
            let trust = try JSONDecoder.iso8601.decode(StatusReport.self, from: Data(status.stdout.utf8)).registries.first?.trust ?? []
            #expect(trust.first { $0.trustClient == .containerdRootless }?.result == .invalidHostsFile, "\(status)")
            #expect(try String(contentsOf: hostsFile, encoding: .utf8) == broken)
        }
    }
}
