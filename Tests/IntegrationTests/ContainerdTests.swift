import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// The rootless engines' own directories: the real containerd pulls through the user's
/// containerd hosts dir once `trust install --scope user` wrote it, and rootless docker's
/// certs.d is written and checked.
@Suite("containerd and rootless docker trust")
struct ContainerdTests {
    /// A name for the sandbox's registry that is not an address: containerd 1.6 speaks plain
    /// HTTP to a loopback address when the host has no hosts.toml.
    static let name = "registry.regctl.test"

    @Test("ctr pulls through the user's containerd hosts dir only after trust install; a user's hosts.toml gets just a ca line, which remove takes out")
    func pullThroughHostsDirectory() async throws {
        try await withSandbox { sandbox in
            let containerd = try await sandbox.startContainerd()
            let registry = try await sandbox.startRegistry(.open, serverNames: [Self.name, "127.0.0.1"])
            let host = "\(Self.name):\(registry.host.split(separator: ":").last!)"
            let pushTrust = sandbox.root.appendingPathComponent("push-certs")
            try sandbox.write(try sandbox.authority.certificatePEM, to: pushTrust.appendingPathComponent("ca.crt"))
            let image = try await sandbox.makeTestImage()
            try await sandbox.run(["skopeo", "copy", "--dest-cert-dir", pushTrust.path, image.reference, "docker://\(registry.host)/team/app:1"]).required()

            let hostsRoot = sandbox.configHome.appendingPathComponent("containerd/certs.d")
            let directory = hostsRoot.appendingPathComponent(host)
            let caFile = directory.appendingPathComponent("ca.crt")
            let hostsFile = directory.appendingPathComponent("hosts.toml")
            let regctl = Sandbox.productsDirectory.appendingPathComponent("regctl").path
            func pull() async throws -> CommandResult {
                let ctr = ["ctr", "--address", containerd.socket.path]
                let result = try await sandbox.run(ctr + ["images", "pull", "--snapshotter", "native", "--hosts-dir", hostsRoot.path, "\(host)/team/app:1"], resolving: [Self.name])
                if result.succeeded { try await sandbox.run(ctr + ["images", "rm", "\(host)/team/app:1"]).required() }
                return result
            }
            func expectRefused(_ result: CommandResult, _ comment: Comment) {
                #expect(result.status == 1, comment)
                #expect(result.stderr.contains("x509: certificate signed by unknown authority"), "\(comment): \(result)")
            }

            expectRefused(try await pull(), "no CA yet")
            let ca = try sandbox.writeCAFile()
            let install = try await sandbox.run([regctl, "trust", "install", host, "--ca-file", ca, "--scope", "user"], resolving: [Self.name])
            #expect(install.status == 0, "\(install)")
            #expect(install.stdout.contains(", verified against \(host):\n"), "\(install)")
            for file in ["containers", "docker", "containerd"].map({ sandbox.configHome.appendingPathComponent("\($0)/certs.d/\(host)/ca.crt").path }) {
                #expect(install.stdout.contains("  installed       \(file)\n"), "\(install)")
            }
            #expect(try String(contentsOf: caFile, encoding: .utf8) == (try sandbox.authority.certificatePEM))
            let pulled = try await pull()
            #expect(pulled.status == 0, "ctr reads the docker-style ca.crt: \(pulled)")
            let verify = try await sandbox.run([regctl, "trust", "verify", host, "--scope", "user"], resolving: [Self.name])
            #expect(verify.status == 0, "\(verify)")
            #expect(verify.stdout.contains("ok      containerd-rootless (\(directory.path))"), "\(verify)")

            let written = """
                # written by the user: the registry itself, tried as a host first
                server = "https://\(host)"

                [host."https://\(host)"]
                  capabilities = ["pull", "resolve"]

                """
            try sandbox.write(written, to: hostsFile)
            chmod(hostsFile.path, 0o640)
            expectRefused(try await pull(), "with a hosts.toml, containerd ignores ca.crt")
            let added = try await sandbox.run([regctl, "trust", "install", host, "--ca-file", ca, "--scope", "user"], resolving: [Self.name])
            #expect(added.status == 0, "\(added)")
            #expect(added.stdout.contains("  already trusted \(caFile.path)\n  ca added        \(hostsFile.path)\n"), "\(added)")
            let withCA = written.replacing("\n[host.", with: "\nca = \"\(caFile.path)\"\n[host.", maxReplacements: 1)
            #expect(try String(contentsOf: hostsFile, encoding: .utf8) == withCA)
            #expect(try FileManager.default.attributesOfItem(atPath: hostsFile.path)[.posixPermissions] as? Int == 0o640)
            let pulledWithHostsFile = try await pull()
            #expect(pulledWithHostsFile.status == 0, "hosts.toml's ca: \(pulledWithHostsFile)")

            let removed = try await sandbox.regctl(["trust", "remove", host, "--scope", "user"])
            #expect(removed.status == 0, "\(removed)")
            #expect(try String(contentsOf: hostsFile, encoding: .utf8) == written, "the user's hosts.toml, byte for byte")
            #expect(!FileManager.default.fileExists(atPath: caFile.path))
            expectRefused(try await pull(), "after remove")

            let ownCA = "ca = \"/etc/pki/registry.pem\"\n" + written
            try sandbox.write(ownCA, to: hostsFile)
            let refused = try await sandbox.run([regctl, "trust", "install", host, "--ca-file", ca, "--scope", "user"], resolving: [Self.name])
            #expect(refused.status == 0, "\(refused)")
            #expect(refused.stderr.contains("warning: \(hostsFile.path) already sets ca = \"/etc/pki/registry.pem\", which containerd and nerdctl use instead of \(caFile.path)"), "\(refused)")
            #expect(try String(contentsOf: hostsFile, encoding: .utf8) == ownCA)
        }
    }

    @Test("trust install --scope user writes rootless docker's certs.d; verify and status check it when its socket exists")
    func rootlessDocker() async throws {
        try await withSandbox { sandbox in
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": "unused-password"]))
            try Data().write(to: sandbox.runtimeDirectory.appendingPathComponent("docker.sock"))
            let directory = sandbox.configHome.appendingPathComponent("docker/certs.d/\(registry.host)")
            let untrusted = try await sandbox.regctl(["trust", "verify", registry.host, "--scope", "user"])
            #expect(untrusted.status == 1, "\(untrusted)")
            #expect(untrusted.stdout.contains("FAILED  docker-rootless (system roots only): "), "\(untrusted)")

            let install = try await sandbox.regctl(["trust", "install", registry.host, "--ca-file", try sandbox.writeCAFile(), "--scope", "user"])
            #expect(install.status == 0, "\(install)")
            #expect(try String(contentsOf: directory.appendingPathComponent("ca.crt"), encoding: .utf8) == (try sandbox.authority.certificatePEM))
            let verify = try await sandbox.regctl(["trust", "verify", registry.host, "--scope", "user", "--json"])
            #expect(verify.status == 0, "\(verify)")
            let checks = try JSONDecoder.iso8601.decode(TrustVerificationReport.self, from: Data(verify.stdout.utf8)).checks
            #expect(checks.map(\.client) == ["containers", "docker-rootless", "containerd-rootless"])
            #expect(checks.first { $0.trustClient == .dockerRootless }?.directory == directory.path)
            let json = try await sandbox.regctl(["status", registry.host, "--json"])
            let trust = try JSONDecoder.iso8601.decode(StatusReport.self, from: Data(json.stdout.utf8)).registries.first?.trust ?? []
            #expect(trust.first { $0.trustClient == .dockerRootless }?.result == .ok, "\(json)")
        }
    }
}
