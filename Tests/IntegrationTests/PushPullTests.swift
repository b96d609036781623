import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// `regctl push` / `pull`: pre-flight, token renewal, and the hand-over to real podman.
@Suite("push and pull")
struct PushPullTests {
    /// Logged in to the token registry from the kubeconfig, with a local image tagged for it.
    private func loggedIn(_ sandbox: Sandbox) async throws -> (world: LoginTests.World, reference: String) {
        let world = try await LoginTests.World.make(sandbox)
        try #require(try await sandbox.regctl(["login", world.registry.host]).succeeded)
        let image = try await sandbox.makeTestImage()
        let reference = "\(world.registry.host)/developer/app:1"
        let local = try await sandbox.run(["skopeo", "copy", image.reference, "containers-storage:\(reference)"])
        try #require(local.succeeded, "\(local)")
        return (world, reference)
    }

    /// Puts a logging wrapper named `engine` first on PATH; it then execs the real podman,
    /// or, for docker (no daemon runs here), just exits 0.
    func recordEngine(_ sandbox: Sandbox, _ engine: String) async throws -> URL {
        let shims = sandbox.root.appendingPathComponent("engine-shims")
        let log = sandbox.root.appendingPathComponent("\(engine)-calls")
        let real = engine == "podman" ? try ProgramRunner.executable(engine, path: "/usr/local/bin:/usr/bin:/bin").path : "/bin/true"
        let script = "#!/bin/sh\n{ echo \"ARGV $*\"; env; echo END; } >> \(log.path)\nexec \(real) \"$@\"\n"
        try await sandbox.writeExecutable(script, to: shims.appendingPathComponent(engine))
        sandbox.setEnvironment("PATH", shims.path + ":" + (sandbox.environment["PATH"] ?? ""))
        return log
    }

    @Test("push and pull through regctl; the engine gets no token in argv or environment")
    func pushThenPull() async throws {
        try await withSandbox { sandbox in
            let (world, reference) = try await loggedIn(sandbox)
            let log = try await recordEngine(sandbox, "podman")
            let push = try await sandbox.regctl(["push", reference])
            #expect(push.status == 0, "\(push)")
            try #require(try await sandbox.podman(["rmi", reference]).succeeded)
            let pull = try await sandbox.regctl(["pull", reference, "--", "--quiet"])
            #expect(pull.status == 0, "\(pull)")
            let calls = try String(contentsOf: log, encoding: .utf8)
            #expect(calls.contains("ARGV push \(reference)\n"))
            #expect(calls.contains("ARGV pull \(reference) --quiet\n"))
            #expect(!calls.contains(world.token))
            #expect(!calls.lowercased().contains("tls-verify"))
        }
    }

    @Test("a revoked token with a new one in the kubeconfig: pull renews it once and succeeds")
    func renewal() async throws {
        try await withSandbox { sandbox in
            let (world, reference) = try await loggedIn(sandbox)
            try #require(try await sandbox.regctl(["push", reference]).succeeded)
            world.openShift.revoke(token: world.token)
            let renewed = "sha256~\(UUID().uuidString)"
            world.openShift.grant(token: renewed, to: "kube:admin")
            try sandbox.writeKubeconfig(openShift: world.openShift, token: renewed)
            let pull = try await sandbox.regctl(["pull", reference, "-v"])
            #expect(pull.status == 0, "\(pull)")
            #expect(pull.stderr.contains("renewed the token of \(world.registry.host)"), "\(pull.stderr)")
            #expect(try await world.keyringSecret() == renewed)
        }
    }

    @Test("local facts hold: pull hands over without asking the registry")
    func localEvidence() async throws {
        try await withSandbox { sandbox in
            let (world, reference) = try await loggedIn(sandbox)
            try #require(try await sandbox.regctl(["push", reference]).succeeded)
            let pull = try await sandbox.regctl(["pull", reference, "-v"])
            #expect(pull.status == 0, "\(pull)")
            #expect(pull.stderr.contains("local facts hold"), "\(pull.stderr)")
            #expect(!pull.stderr.contains("[registry] "), "no round trip: \(pull.stderr)")
            _ = world
        }
    }

    @Test("after the helper serves a token renewed by `oc login`, its expiry is the cluster's, and the next pull asks no one, as after a login")
    func helperRenewalKeepsLocalFacts() async throws {
        try await withSandbox { sandbox in
            let (world, reference) = try await loggedIn(sandbox)
            try #require(try await sandbox.regctl(["push", reference]).succeeded)
            let renewed = "sha256~\(UUID().uuidString)"
            world.openShift.grant(token: renewed, to: "kube:admin")
            try sandbox.writeKubeconfig(openShift: world.openShift, token: renewed)
            let get = try await sandbox.credentialHelper(["get"], stdin: world.registry.host)
            #expect(try JSONValue(parsing: get.stdout)["Secret"]?.stringValue == renewed)
            let record = try RegctlConfigFile(environment: sandbox.regctlEnvironment).load().registries[world.registry.host]?.token
            #expect(record?.expiry != nil && record?.expiry == world.openShift.expiry(of: renewed), "\(String(describing: record))")

            let pull = try await sandbox.regctl(["pull", reference, "-v", "--", "--quiet"])
            #expect(pull.status == 0, "\(pull)")
            #expect(pull.stderr.contains("local facts hold"), "\(pull.stderr)")
            #expect(!pull.stderr.contains("[registry] ") && !pull.stderr.contains("[cluster] "), "no round trip: \(pull.stderr)")
        }
    }

    @Test("a token past its known expiry: pull asks the registry, and stops before the engine when it is rejected, naming oc login")
    func expiredKnownExpiry() async throws {
        try await withSandbox { sandbox in
            let (world, reference) = try await loggedIn(sandbox)
            let configFile = RegctlConfigFile(environment: sandbox.regctlEnvironment)
            try configFile.update { $0.registries[world.registry.host]?.token?.expiry = Date() - 60 }
            let asked = try await sandbox.regctl(["pull", reference, "-v", "--", "--quiet"])
            #expect(asked.stderr.contains("asking \(world.registry.host): the token expired"), "\(asked.stderr)")
            #expect(try configFile.load().registries[world.registry.host]?.token?.expiry == world.openShift.expiry(of: world.token),
                    "the registry accepted it; the expiry is known again")

            world.openShift.revoke(token: world.token)
            try configFile.update { $0.registries[world.registry.host]?.token?.expiry = Date() - 60 }
            let log = try await recordEngine(sandbox, "podman")
            let pull = try await sandbox.regctl(["pull", reference])
            #expect(pull.status == 1, "\(pull)")
            #expect(pull.stderr.contains("oc login"))
            #expect(!FileManager.default.fileExists(atPath: log.path), "podman must not run")
        }
    }

    @Test("a token revoked early, with local facts holding: the engine reports it, and status explains it")
    func revokedEarly() async throws {
        try await withSandbox { sandbox in
            let (world, reference) = try await loggedIn(sandbox)
            try #require(try await sandbox.regctl(["push", reference]).succeeded)
            world.openShift.revoke(token: world.token)
            let pull = try await sandbox.regctl(["pull", reference])
            let direct = try await sandbox.podman(["pull", reference])
            #expect(pull.status == direct.status && pull.status != 0, "the engine's own code: \(pull)")
            let status = try await sandbox.regctl(["status"])
            #expect(status.stdout.contains("rejects the token of kubeconfig context"), "\(status.stdout)")
            #expect(status.stdout.contains("fix: oc login"))
        }
    }

    enum LostCredential: String, CaseIterable, Sendable {
        case keyringItemErased = "keyring item erased"
        case authFileEntriesRemoved = "auth-file entries removed"
    }

    @Test("a credential the engine would not find stops before the engine, naming regctl login", arguments: LostCredential.allCases)
    func missingCredential(kind: LostCredential) async throws {
        try await withSandbox { sandbox in
            let (world, reference) = try await loggedIn(sandbox)
            switch kind {
            case .keyringItemErased:
                try #require(try await sandbox.credentialHelper(["erase"], stdin: world.registry.host).succeeded)
            case .authFileEntriesRemoved:
                try sandbox.write(#"{"auths": {}}"#, to: sandbox.runtimeDirectory.appendingPathComponent("containers/auth.json"))
                try sandbox.write("{}", to: sandbox.dockerConfig.appendingPathComponent("config.json"))
            }
            let log = try await recordEngine(sandbox, "podman")
            let pull = try await sandbox.regctl(["pull", reference])
            #expect(pull.status == 1, "\(kind): \(pull)")
            #expect(pull.stderr.contains("podman has no credential for \(world.registry.host)"), "\(kind): \(pull)")
            #expect(pull.stderr.contains("regctl login \(world.registry.host)"), "\(kind): \(pull)")
            #expect(!FileManager.default.fileExists(atPath: log.path), "podman must not run")
        }
    }

    @Test("a missing tag exits with podman's own code and message")
    func missingTag() async throws {
        try await withSandbox { sandbox in
            let (world, _) = try await loggedIn(sandbox)
            let reference = "\(world.registry.host)/developer/app:missing"
            let direct = try await sandbox.podman(["pull", reference])
            let viaRegctl = try await sandbox.regctl(["pull", reference])
            #expect(direct.status != 0)
            #expect(viaRegctl.status == direct.status, "\(viaRegctl)")
            #expect(viaRegctl.stderr.contains("manifest unknown"), "\(viaRegctl)")
        }
    }

    @Test("a registry whose CA is missing stops in pre-flight with the fix named")
    func missingCA() async throws {
        try await withSandbox { sandbox in
            let (world, reference) = try await loggedIn(sandbox)
            try #require(try await sandbox.regctl(["trust", "remove", world.registry.host]).succeeded)
            let log = try await recordEngine(sandbox, "podman")
            let pull = try await sandbox.regctl(["pull", reference])
            #expect(pull.status == 1, "\(pull)")
            #expect(pull.stderr.contains("regctl trust install \(world.registry.host)"), "\(pull)")
            #expect(!FileManager.default.fileExists(atPath: log.path), "podman must not run")
        }
    }

    @Test("docker: the exact command handed over (no daemon runs here)")
    func dockerCommand() async throws {
        try await withSandbox { sandbox in
            let log = try await recordEngine(sandbox, "docker")
            let result = try await sandbox.regctl(["pull", "quay.example/team/app:2", "--engine", "docker", "--", "--platform", "linux/amd64"])
            #expect(result.status == 0, "\(result)")
            let calls = try String(contentsOf: log, encoding: .utf8)
            #expect(calls.hasPrefix("ARGV pull quay.example/team/app:2 --platform linux/amd64\n"))
        }
    }

    @Test("engine choice: REGCTL_ENGINE, and bad input exits 2", arguments: [
        (["pull", "Bad/Name"], "invalid image reference"),
        (["pull", "reg.example/app:bad tag!"], "invalid image reference"),
        (["pull", "reg.example/app", "--engine", "rkt"], "rkt"),
    ])
    func badInput(arguments: [String], message: String) async throws {
        try await withSandbox { sandbox in
            let result = try await sandbox.regctl(arguments)
            #expect(result.status == 2, "\(result)")
            #expect(result.stderr.contains(message), "\(result)")
        }
    }

    @Test("REGCTL_ENGINE picks the engine; an unknown one is a clear error")
    func engineFromEnvironment() async throws {
        try await withSandbox { sandbox in
            let log = try await recordEngine(sandbox, "docker")
            sandbox.setEnvironment("REGCTL_ENGINE", "docker")
            #expect(try await sandbox.regctl(["push", "reg.example/team/app:1"]).status == 0)
            #expect(try String(contentsOf: log, encoding: .utf8).hasPrefix("ARGV push reg.example/team/app:1\n"))
            sandbox.setEnvironment("REGCTL_ENGINE", "rkt")
            let unknown = try await sandbox.regctl(["push", "reg.example/team/app:1"])
            #expect(unknown.status == 2)
            #expect(unknown.stderr.contains("REGCTL_ENGINE is rkt"))
        }
    }
}
