import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// Where users stand: regctl run by a real unprivileged account with its own session bus,
/// gnome-keyring and rootless podman (``UserLane``); the registry and the cluster run as root.
@Suite("an unprivileged user")
struct UserLaneTests {
    /// A `docker-credential-regctl` first on the user's PATH that records the user namespace
    /// it runs in (`/proc/self/uid_map`) before it runs the real helper.
    struct HelperWitness {
        let directory: URL
        let record: URL

        static func make(_ lane: UserLane) async throws -> HelperWitness {
            let directory = lane.user.home.appendingPathComponent("witness")
            let record = lane.user.home.appendingPathComponent("helper-uid-maps")
            try await lane.sandbox.writeExecutable("""
                #!/bin/sh
                cat /proc/self/uid_map >> '\(record.path)'
                exec '\(try Sandbox.credentialHelperPath)' "$@"
                """, to: directory.appendingPathComponent("docker-credential-regctl"))
            try await lane.user.own(lane.user.home)
            return HelperWitness(directory: directory, record: record)
        }

        func path(_ lane: UserLane) -> [String: String] {
            ["PATH": directory.path + ":" + (lane.environment["PATH"] ?? "")]
        }

        /// Whether the helper ran where the user is uid 0 and nothing else is mapped: podman's namespace.
        func ranInUserNamespace(of user: TestUser) -> Bool {
            let maps = (try? String(contentsOf: record, encoding: .utf8)) ?? ""
            return maps.split(separator: "\n").contains { $0.split(separator: " ", omittingEmptySubsequences: true) == ["0", "\(user.uid)", "1"] }
        }
    }

    @Test("account login, then rootless podman pull and push run the helper in podman's user namespace; skopeo, status; after logout podman is refused")
    func accountLogin() async throws {
        try await withSandbox { sandbox in
            let lane = try await UserLane.start(in: sandbox)
            let secret = "pw-\(UUID().uuidString)"
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": secret]))
            try await lane.trustForUser(registry.host)
            let login = try await lane.regctl(["login", registry.host, "-u", "alice", "--password-stdin"], stdin: secret + "\n")
            try #require(login.status == 0, "\(login)")

            let image = try await lane.makeTestImage()
            let reference = "\(registry.host)/team/hello:1"
            let copy = try await lane.run(["skopeo", "copy", image.reference, "docker://\(reference)"])
            #expect(copy.succeeded, "\(copy)")
            let witness = try await HelperWitness.make(lane)
            let pull = try await lane.run(["podman", "pull", reference], adding: witness.path(lane))
            #expect(pull.succeeded, "\(pull)")
            let push = try await lane.run(["podman", "push", reference, "docker://\(registry.host)/team/hello:2"], adding: witness.path(lane))
            #expect(push.succeeded, "\(push)")
            #expect(witness.ranInUserNamespace(of: lane.user), "the helper's uid maps: \((try? String(contentsOf: witness.record, encoding: .utf8)) ?? "none")")

            let status = try await lane.regctl(["status"])
            #expect(status.status == 0, "\(status)")

            try await lane.regctl(["logout", registry.host]).required()
            let refused = try await lane.run(["podman", "pull", "\(registry.host)/team/hello:2"])
            #expect(!refused.succeeded, "\(refused)")
            #expect(refused.stderr.contains("unauthorized") || refused.stderr.contains("authentication required"), "\(refused.stderr)")
        }
    }

    @Test("bound login from the user's kubeconfig, can-i, pull-secret; after a reboot (runtime directory emptied) rootless podman still pulls and pushes")
    func boundLoginAndReboot() async throws {
        try await withSandbox { sandbox in
            let lane = try await UserLane.start(in: sandbox)
            let registry = try await lane.cluster().registry
            try await lane.regctl(["login", registry.host]).required()

            let image = try await lane.makeTestImage()
            let reference = "\(registry.host)/developer/hello:1"
            try await lane.run(["skopeo", "copy", image.reference, "docker://\(reference)"]).required()
            let canI = try await lane.regctl(["can-i", "push", "\(registry.host)/developer/hello:2"])
            #expect(canI.status == 0 && canI.stdout.hasPrefix("yes: developer may push"), "\(canI)")
            let secret = try await lane.regctl(["pull-secret", registry.host, "--output", "json"])
            try #require(secret.succeeded, "\(secret)")
            let config = try JSONValue(parsing: String(decoding: Data(base64Encoded: try JSONValue(parsing: secret.stdout)["data"]?[".dockerconfigjson"]?.stringValue ?? "") ?? Data(), as: UTF8.self))
            #expect(config["auths"]?[registry.host]?["username"]?.stringValue == "default", "\(secret.stderr)")

            try await lane.reboot()
            let pull = try await lane.run(["podman", "pull", reference])
            #expect(pull.succeeded, "\(pull)")
            let push = try await lane.run(["podman", "push", reference, "docker://\(registry.host)/developer/hello:2"])
            #expect(push.succeeded, "\(push)")
            let status = try await lane.regctl(["status"])
            #expect(status.status == 0, "\(status)")
        }
    }

    @Test("after an account login, docker's wiring removed: each fix status prints, run as printed by the user, heals")
    func statusFixAfterAccountLogin() async throws {
        try await withSandbox { sandbox in
            let lane = try await UserLane.start(in: sandbox)
            let secret = "pw-\(UUID().uuidString)"
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": secret]))
            try await lane.trustForUser(registry.host)
            try await lane.regctl(["login", registry.host, "-u", "alice", "--password-stdin"], stdin: secret + "\n").required()
            try FileManager.default.removeItem(at: lane.user.home.appendingPathComponent(".docker/config.json"))

            try await FixReader.user(lane).expectFixesHeal()
        }
    }

    @Test("setup --scope system as the user: exit 3 and a sudo step, which root runs as printed; then setup completes for the user")
    func setupWithSudoStep() async throws {
        try await withSandbox { sandbox in
            let lane = try await UserLane.start(in: sandbox)
            let openShift = try await sandbox.startOpenShift()
            let registry = try await sandbox.startRegistry(.token(openShift))
            openShift.exposeRegistry(host: registry.host)
            let token = "sha256~\(UUID().uuidString)"
            openShift.grant(token: token, to: "developer")
            try await lane.writeKubeconfig(openShift: openShift, token: token)

            let first = try await lane.regctl(["setup", "--scope", "system"])
            #expect(first.status == 3, "\(first)")
            let command = try commandToRunAsRoot(in: first.stderr)
            #expect(command.hasPrefix("sudo env REGCTL_SYSROOT=\(sandbox.sysroot.path) regctl trust install \(registry.host) --ca-file \(lane.user.runtimeDirectory.path)/"), "\(command)")
            let asRoot = try await FixReader.user(lane).follow(command)
            #expect(asRoot.count == 1 && asRoot[0].byRoot && asRoot[0].result.succeeded, "\(asRoot)")

            let second = try await lane.regctl(["setup", "--scope", "system"])
            #expect(second.status == 0, "\(second)")
            #expect(second.stdout.contains("stored in the keyring"), "\(second.stdout)")
            let status = try await lane.regctl(["status"])
            #expect(status.status == 0, "\(status)")
        }
    }
}

extension UserLane {
    /// Trusts the run's CA for `host` as the user would: a CA file in its home, `trust install --scope user`.
    func trustForUser(_ host: String) async throws {
        let ca = user.home.appendingPathComponent("ca.pem")
        try sandbox.write(try sandbox.authority.certificatePEM, to: ca)
        try await user.own(ca)
        try await regctl(["trust", "install", host, "--ca-file", ca.path, "--scope", "user"]).required()
    }

    /// A cluster whose registry the user's own kubeconfig holds a token for (user developer),
    /// its CA trusted for the user.
    func cluster() async throws -> SetupTests.Cluster {
        let openShift = try await sandbox.startOpenShift()
        let registry = try await sandbox.startRegistry(.token(openShift))
        let token = "sha256~\(UUID().uuidString)"
        openShift.grant(token: token, to: "developer")
        try await writeKubeconfig(openShift: openShift, token: token)
        try await trustForUser(registry.host)
        return SetupTests.Cluster(sandbox: sandbox, openShift: openShift, registry: registry, token: token)
    }

    /// The user's own kubeconfig (0600) with `token` for the stand-in, as `oc login` leaves it.
    func writeKubeconfig(openShift: OpenShiftStandIn, token: String) async throws {
        let kubeconfig = user.home.appendingPathComponent(".kube/config")
        try sandbox.writeKubeconfig(openShift: openShift, token: token, file: kubeconfig)
        sandbox.allowSecret(in: kubeconfig)
        try #require(chmod(kubeconfig.path, 0o600) == 0)
        try await user.own(user.home)
    }
}
