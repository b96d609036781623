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

    @Test("a user's real rootless dockerd: regctl pull --engine docker checks ~/.config/docker/certs.d, stops with --scope user while the CA is only in /etc/docker/certs.d, pulls once that fix ran, and still with the CA only in ~/.config")
    func realRootlessDocker() async throws {
        try await withSandbox { sandbox in
            let lane = try await UserLane.start(in: sandbox)
            let namespace = try await sandbox.startNetworkNamespace()
            let password = "pw-\(UUID())"
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": password]), in: namespace)
            let (host, reference) = (registry.host, "\(registry.host)/team/hello:1")
            let daemon = try await lane.startRootlessDocker(in: namespace)
            try await sandbox.regctl(["trust", "install", host, "--ca-file", try sandbox.writeCAFile(), "--scope", "system"]).required()
            try await lane.regctl(["login", host, "-u", "alice", "--password-stdin"], in: namespace, stdin: password + "\n").required()
            let image = try await lane.makeTestImage()
            let certs = sandbox.sysroot.appendingPathComponent("etc/containers/certs.d/\(host)")
            try await lane.run(["skopeo", "copy", "--dest-cert-dir", certs.path, image.reference, "docker://\(reference)"], in: namespace).required()
            func pull() async throws -> CommandResult {
                let environment = lane.environment.merging(["DOCKER_HOST": "unix://\(daemon.socket.path)"]) { $1 }
                let regctl = Sandbox.productsDirectory.appendingPathComponent("regctl").path
                return try await sandbox.run(lane.user.command([regctl, "pull", reference, "--engine", "docker"], environment: environment), in: namespace)
            }

            let refused = try await pull()
            #expect(refused.status == 1, "\(refused)")
            let fix = "regctl trust install \(host) --from-server --scope user"
            #expect(refused.stderr.contains("its CA is not in the certs.d of rootless docker\nRun: \(fix)\n"), "\(refused)")
            try await lane.regctl(Array(fix.split(separator: " ").dropFirst().map(String.init)) + ["--yes"], in: namespace).required()
            let pulled = try await pull()
            #expect(pulled.status == 0, "\(pulled)")
            #expect(pulled.stdout.contains("Status: Downloaded newer image for \(reference)"), "\(pulled.stdout)")
            try await sandbox.regctl(["trust", "remove", host, "--scope", "system"]).required()
            let userOnly = try await pull()
            #expect(userOnly.status == 0, "the CA only in ~/.config/docker/certs.d: \(userOnly)")
            #expect(userOnly.stdout.contains("Status: Image is up to date for \(reference)"), "\(userOnly.stdout)")
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
            #expect(problem?.fix?.text == "regctl trust install \(host) --from-cluster --scope user", "\(registry.problems)")
        }
    }
}
