import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// Which certs.d the push/pull pre-flight and status read for docker: the daemon's
/// `/etc/docker/certs.d`, or rootless docker's `${XDG_CONFIG_HOME:-~/.config}/docker/certs.d`
/// when its socket is in `XDG_RUNTIME_DIR`. No docker daemon runs in these tests: a file
/// stands for rootless docker's socket, and docker is a recording wrapper around /bin/true.
@Suite("the engine's trust client")
struct EngineTrustClientTests {
    /// Logged in from the kubeconfig, with the registry's CA for the user's clients only.
    private func loggedIn(_ sandbox: Sandbox) async throws -> (world: LoginTests.World, reference: String) {
        let world = try await LoginTests.World.make(sandbox)
        let login = try await sandbox.regctl(["login", world.registry.host])
        try #require(login.succeeded, "\(login)")
        return (world, "\(world.registry.host)/developer/app:1")
    }

    private func startRootlessDocker(_ sandbox: Sandbox) throws {
        try Data().write(to: sandbox.runtimeDirectory.appendingPathComponent("docker.sock"))
    }

    @Test("rootless docker with its CA only in ~/.config/docker/certs.d: pull --engine docker hands over")
    func rootlessDockerTrusted() async throws {
        try await withSandbox { sandbox in
            let (world, reference) = try await loggedIn(sandbox)
            try startRootlessDocker(sandbox)
            try #require(FileManager.default.fileExists(atPath: sandbox.configHome.appendingPathComponent("docker/certs.d/\(world.registry.host)/ca.crt").path))
            let log = try await PushPullTests().recordEngine(sandbox, "docker")
            let pull = try await sandbox.regctl(["pull", reference, "--engine", "docker"])
            #expect(pull.status == 0, "\(pull)")
            #expect(try String(contentsOf: log, encoding: .utf8).hasPrefix("ARGV pull \(reference)\n"), "docker ran")
        }
    }

    @Test("the CA where the engine does not look: pull --engine docker stops with the fix for the daemon it uses, and that fix heals it",
          arguments: [true, false])
    func untrustedByTheEngine(rootless: Bool) async throws {
        try await withSandbox { sandbox in
            let (world, reference) = try await loggedIn(sandbox)
            let host = world.registry.host
            if rootless {
                try startRootlessDocker(sandbox)
                try #require(try await sandbox.regctl(["trust", "remove", host, "--scope", "user"]).succeeded)
                try #require(try await sandbox.regctl(["trust", "install", host, "--ca-file", try sandbox.writeCAFile(), "--scope", "system"]).succeeded)
            }
            let (scope, daemon) = rootless ? ("user", "rootless docker") : ("system", "the docker daemon")
            let log = try await PushPullTests().recordEngine(sandbox, "docker")
            let refused = try await sandbox.regctl(["pull", reference, "--engine", "docker"])
            #expect(refused.status == 1, "\(refused)")
            #expect(refused.stderr.contains("docker does not trust the TLS certificate of \(host): its CA is not in the certs.d of \(daemon)"), "\(refused)")
            let fix = "regctl trust install \(host) --from-server --scope \(scope)"
            #expect(refused.stderr.contains("Run: \(fix)\n"), "\(refused)")
            #expect(!FileManager.default.fileExists(atPath: log.path), "docker must not run")

            let healed = try await sandbox.regctl(Array(fix.split(separator: " ").dropFirst().map(String.init)) + ["--yes"])
            #expect(healed.status == 0, "\(healed)")
            let pull = try await sandbox.regctl(["pull", reference, "--engine", "docker"])
            #expect(pull.status == 0, "\(pull)")
            #expect(FileManager.default.fileExists(atPath: log.path), "docker ran")
        }
    }

    @Test("status: rootless docker runs without a certs.d directory for the registry — a problem, fixed with --scope user")
    func statusOfRootlessDocker() async throws {
        try await withSandbox { sandbox in
            let (world, _) = try await loggedIn(sandbox)
            let host = world.registry.host
            try startRootlessDocker(sandbox)
            try FileManager.default.removeItem(at: sandbox.configHome.appendingPathComponent("docker/certs.d/\(host)"))
            let status = try await sandbox.regctl(["status", host, "--json"])
            #expect(status.status != 0, "\(status)")
            let registry = try #require(try StatusTests().report(status).registries.first)
            #expect(registry.trust.first { $0.trustClient == .dockerRootless }?.result == .noCA, "\(status)")
            let problem = registry.problems.first { $0.message.hasPrefix("rootless docker would not trust \(host)") }
            #expect(problem?.fix == "regctl trust install \(host) --from-cluster --scope user", "\(registry.problems)")
        }
    }
}
