import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// `regctl status` against a set-up registry, then broken one way at a time.
@Suite("status")
struct StatusTests {
    /// A cluster whose registry was set up with `regctl setup`.
    private func setUp(_ sandbox: Sandbox, scope: String = "user") async throws -> SetupTests.Cluster {
        let cluster = try await SetupTests.Cluster.make(sandbox)
        let setup = try await sandbox.regctl(["setup", "--scope", scope])
        try #require(setup.status == 0, "\(setup)")
        return cluster
    }

    func report(_ result: CommandResult) throws -> StatusReport {
        try JSONDecoder.iso8601.decode(StatusReport.self, from: Data(result.stdout.utf8))
    }

    /// Validates `json` against docs/status.schema.json with Python's jsonschema.
    func validate(_ json: String, in sandbox: Sandbox) async throws {
        let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/status.schema.json").standardized.path
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(json.load(sys.stdin))
            """
        let check = try await sandbox.run(["/usr/bin/python3", "-c", script, schema], stdin: json)
        #expect(check.succeeded, "status --json does not match its schema: \(check)")
    }

    @Test("healthy: one ok row, exit 0; the expiry shown is the stand-in's; --json matches its schema")
    func healthy() async throws {
        try await withSandbox { sandbox in
            let cluster = try await setUp(sandbox)
            let host = cluster.registry.host
            let text = try await sandbox.regctl(["status"])
            #expect(text.status == 0, "\(text)")
            let lines = text.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first == "The registry works.", "\(text.stdout)")
            #expect(lines.count == 4, "headline, header, one row and, after a blank line, the clients: \(text.stdout)")
            #expect(lines[2].hasPrefix("\(host)  ok") && lines[2].hasSuffix("accepted, expires in 23 h  ok"), "\(text.stdout)")
            #expect(lines.last?.hasPrefix("Clients: podman/skopeo/buildah and docker ok;") == true, "\(text.stdout)")

            let json = try await sandbox.regctl(["status", "--json"])
            #expect(json.status == 0)
            let status = try report(json)
            let registry = try #require(status.registries.first)
            #expect(status.health == .ok && registry.problems.isEmpty, "\(registry.problems)")
            #expect(registry.credential.registry == .accepted)
            #expect(registry.credential.source == .kubeconfig)
            #expect(registry.credential.tokenExpiry == cluster.openShift.expiry(of: cluster.token), "creationTimestamp + expiresIn")
            #expect(registry.wiring.containers.kind == .regctl && registry.wiring.docker.kind == .regctl)
            #expect(registry.trust.first?.result == .ok)
            try await validate(json.stdout, in: sandbox)
        }
    }

    @Test("CA removed: a trust problem with `regctl trust install HOST` as the fix, exit 1; --json still matches its schema")
    func caRemoved() async throws {
        try await withSandbox { sandbox in
            let cluster = try await setUp(sandbox)
            let host = cluster.registry.host
            try FileManager.default.removeItem(at: cluster.userCAFile.deletingLastPathComponent())
            let result = try await sandbox.regctl(["status", host])
            #expect(result.status == 1, "\(result)")
            #expect(result.stdout.hasPrefix("A pull would fail.\n"), "\(result.stdout)")
            #expect(result.stdout.split(separator: "\n")[2].hasPrefix("\(host)  no CA  "), "the row names the failing check: \(result.stdout)")
            #expect(result.stdout.contains("✗ \(host): podman and skopeo would not trust \(host): unknown certificate authority"), "\(result.stdout)")
            #expect(result.stdout.contains("  fix: regctl trust install \(host) --from-cluster --scope user\n"), "\(result.stdout)")
            #expect(!result.stdout.contains("BoringSSL") && !result.stdout.contains(".swift"), "words, not library names")
            let json = try await sandbox.regctl(["status", host, "--json"])
            #expect(try report(json).registries.first?.trust.first?.result == .noCA)
            try await validate(json.stdout, in: sandbox)
        }
    }

    @Test("a user directory shadowing a good system one is named as shadowing; its fix works")
    func shadowing() async throws {
        try await withSandbox { sandbox in
            let cluster = try await setUp(sandbox, scope: "all")
            let host = cluster.registry.host
            try sandbox.write(try TestCertificateAuthority(name: "stale CA").certificatePEM, to: cluster.userCAFile)
            let result = try await sandbox.regctl(["status"])
            #expect(result.status == 1, "\(result)")
            let system = sandbox.sysroot.appendingPathComponent("etc/containers/certs.d/\(host)")
            #expect(result.stdout.contains("\(cluster.userCAFile.deletingLastPathComponent().path) is shadowing a later directory that has the right CA"), "\(result.stdout)")
            let fix = "regctl trust install \(host) --ca-file \(system.path)/ca.crt --yes --scope user"
            #expect(result.stdout.contains("  fix: \(fix)\n"), "\(result.stdout)")

            let applied = try await sandbox.regctl(Array(fix.split(separator: " ").dropFirst().map(String.init)))
            #expect(applied.status == 0, "\(applied)")
            let after = try await sandbox.regctl(["status"])
            #expect(after.status == 0, "\(after)")
        }
    }

    @Test("a revoked token with no newer one is rejected, with `oc login` as the fix; a kubeconfig without the token is said")
    func tokenRejected() async throws {
        try await withSandbox { sandbox in
            let cluster = try await setUp(sandbox)
            let host = cluster.registry.host
            cluster.openShift.revoke(token: cluster.token)
            let rejected = try await sandbox.regctl(["status"])
            #expect(rejected.status == 1, "\(rejected)")
            #expect(rejected.stdout.contains("\(host): \(host) rejects the token of kubeconfig context developer/api-test:6443/developer (HTTP 401)"), "\(rejected.stdout)")
            #expect(rejected.stdout.contains("fix: oc login \(cluster.openShift.apiServer)  # regctl picks the new token up by itself"), "\(rejected.stdout)")

            try sandbox.write("""
                apiVersion: v1
                clusters: [{name: api-test:6443, cluster: {server: "\(cluster.openShift.apiServer)"}}]
                contexts: [{name: developer/api-test:6443/developer, context: {cluster: api-test:6443, user: developer/api-test:6443}}]
                current-context: developer/api-test:6443/developer
                users: [{name: developer/api-test:6443, user: {}}]
                """, to: sandbox.kubeconfig)
            let noToken = try await sandbox.regctl(["status", "--json"])
            #expect(noToken.status == 1)
            let registry = try #require(try report(noToken).registries.first)
            #expect(registry.credential.source == .keyring, "clients get the stored copy")
            #expect(registry.problems.contains { $0.message.contains("gives no token any more") && $0.fix == .run("oc login \(cluster.openShift.apiServer)", note: "regctl picks the new token up by itself") }, "\(registry.problems)")
            #expect(registry.credential.registry == .rejected)
        }
    }

    @Test("a plain auths entry from `podman login` in a file read before the helper's is a wiring problem naming the file")
    func plainEntryShadowsHelper() async throws {
        try await withSandbox { sandbox in
            let cluster = try await setUp(sandbox)
            let host = cluster.registry.host
            // A reboot wipes the runtime auth.json; config.json's helper entry remains. Then a
            // login into the persistent containers auth file, which podman reads before config.json.
            try FileManager.default.removeItem(at: sandbox.runtimeDirectory.appendingPathComponent("containers/auth.json"))
            let persistent = sandbox.configHome.appendingPathComponent("containers/auth.json")
            let login = try await sandbox.podman(["login", "--authfile", persistent.path, "--username", "developer", "--password-stdin", host], stdin: cluster.token)
            try #require(login.succeeded, "\(login)")
            let result = try await sandbox.regctl(["status"])
            #expect(result.status == 0, "the plain token works today: a warning, \(result)")
            #expect(result.stdout.hasPrefix("The registry works, with a warning."), "\(result.stdout)")
            #expect(result.stdout.contains("\(persistent.path) holds a plain credential for \(host)"), "\(result.stdout)")
            let fix = "podman logout --authfile \(persistent.path) \(host) && regctl login \(host) --context developer/api-test:6443/developer"
            #expect(result.stdout.contains("  fix: \(fix)\n"), "\(result.stdout)")
            cluster.openShift.revoke(token: cluster.token)
            let stale = try await sandbox.regctl(["status", "--json"])
            #expect(stale.status == 1, "once that token is revoked, a pull would fail: \(stale)")
            #expect(try report(stale).registries.first?.credential.source == .authFile)
            let rejected = try report(stale).registries.first?.problems.first { $0.area == .credential }
            #expect(rejected?.message.contains("rejects the token in \(persistent.path)") == true, "\(String(describing: rejected))")
            #expect(rejected?.fix?.text == fix)
            #expect(try await sandbox.podman(["logout", "--authfile", persistent.path, host]).succeeded)
            let renewed = "sha256~\(UUID().uuidString)"
            cluster.openShift.grant(token: renewed, to: "developer")
            try sandbox.writeKubeconfig(openShift: cluster.openShift, token: renewed)
            #expect(try await sandbox.regctl(["login", host]).succeeded)
            let after = try await sandbox.regctl(["status"])
            #expect(after.status == 0, "\(after)")
        }
    }

    @Test("a registry that answers slowly: the credential check and the trust checks with other CAs are under way at once, not one after another; two requests made one after another are seen as such")
    func checksRunAtOnce() async throws {
        try await withSandbox { sandbox in
            _ = try await sandbox.startKeyring()
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": "relay-secret"]))
            let relay = try await sandbox.startSlowRelay(to: try #require(Int(registry.host.split(separator: ":").last ?? "")), hold: .seconds(3))
            let host = "127.0.0.1:\(relay.port)"
            let ca = try sandbox.writeCAFile()
            try #require(try await sandbox.regctl(["trust", "install", host, "--ca-file", ca, "--scope", "user"]).succeeded)
            // The docker daemon's directory also holds a retired CA: other CAs, a handshake of its own.
            let retired = try TestCertificateAuthority(name: "retired CA").certificatePEM
            try sandbox.write(try String(contentsOfFile: ca, encoding: .utf8) + retired, to: sandbox.sysroot.appendingPathComponent("etc/docker/certs.d/\(host)/ca.crt"))
            try #require(try await sandbox.regctl(["login", host, "--token-stdin", "--username", "alice"], stdin: "relay-secret").succeeded)

            func mostAtOnce(since earlier: Int) throws -> (holds: [ClosedRange<Double>], atOnce: Int) {
                let holds = Array(try relay.heldConnections().dropFirst(earlier))
                return (holds, holds.map { hold in holds.filter { $0.overlaps(hold) }.count }.max() ?? 0)
            }

            let beforeControl = try relay.heldConnections().count
            for _ in 0..<2 {
                let curl = try await sandbox.run(["curl", "-sS", "-o", "/dev/null", "--cacert", ca, "https://\(host)/v2/"])
                #expect(curl.succeeded, "\(curl)")
            }
            let control = try mostAtOnce(since: beforeControl)
            #expect(control.holds.count == 2 && control.atOnce == 1, "two requests one after another: \(control.holds)")

            let earlier = try relay.heldConnections().count
            let result = try await sandbox.regctl(["status", host, "--json"])
            #expect(result.status == 0, "\(result)")
            let registryStatus = try #require(try report(result).registries.first)
            #expect(registryStatus.credential.registry == .accepted)
            #expect(registryStatus.trust.filter { $0.result == .ok }.map(\.trustClient).contains(.docker), "\(registryStatus.trust)")
            let (holds, atOnce) = try mostAtOnce(since: earlier)
            #expect(holds.count >= 2 && atOnce >= 2, "the registry's connections were held one after another: \(holds)")
            print("status with every connection held 3 s: \(holds.count) connections, at most \(atOnce) at once, \(result.elapsed)")
        }
    }

    @Test("--offline with the registry and the stand-in stopped answers from local files; online it says unreachable")
    func offline() async throws {
        try await withSandbox { sandbox in
            let cluster = try await setUp(sandbox)
            let expiry = cluster.openShift.expiry(of: cluster.token)
            await cluster.registry.stop()
            await cluster.openShift.stop()
            let local = try await sandbox.regctl(["status", "--offline", "--json"])
            #expect(local.status == 0, "local facts are fine: \(local)")
            let status = try report(local)
            let registry = try #require(status.registries.first)
            #expect(status.offline)
            #expect(registry.credential.registry == .unchecked)
            #expect(!registry.trust.isEmpty && registry.trust.allSatisfy { $0.result == .unchecked }, "\(registry.trust)")
            #expect(registry.credential.tokenExpiry == expiry, "the expiry remembered at login")
            let text = try await sandbox.regctl(["status", "--offline"])
            #expect(text.stdout.hasPrefix("The registry works. (offline: local files only)"), "\(text.stdout)")

            let online = try await sandbox.regctl(["status"])
            #expect(online.status == 1)
            #expect(online.stdout.contains("cannot reach \(cluster.registry.host)"), "\(online.stdout)")
        }
    }

    @Test("many registries at once: each gets its own answer; the keyring is not flooded: every credential is read")
    func manyRegistries() async throws {
        try await withSandbox { sandbox in
            _ = try await sandbox.startKeyring()
            let hosts = try sandbox.refusingPorts(60).map { "127.0.0.1:\($0)" }
            for host in hosts {
                let stored = try await sandbox.run(["docker-credential-secretservice", "store"], stdin: #"{"ServerURL":"\#(host)","Username":"u","Secret":"kept-in-the-keyring"}"#)
                try #require(stored.succeeded, "\(stored)")
            }
            let entries = hosts.map { #""\#($0)": {"store": "secret-service", "username": "u"}"# }
            try sandbox.write(#"{"registries": {\#(entries.joined(separator: ", "))}}"#, to: sandbox.configHome.appendingPathComponent("regctl/config.json"))
            let result = try await sandbox.regctl(["status", "--json"])
            #expect(result.status == 1)
            let status = try report(result)
            #expect(status.registries.map(\.host.description) == hosts.sorted())
            for registry in status.registries {
                #expect(registry.problems.contains { $0.message == "cannot reach \(registry.host): connection refused" }, "\(registry.problems)")
                #expect(registry.credential.source == .keyring && registry.credential.username == "u", "read from the keyring: \(registry.credential)")
                #expect(!registry.problems.contains { $0.message.contains("keyring") }, "\(registry.problems)")
            }
        }
    }

    @Test("hostile files: a malformed auth file is a wiring problem naming it; a malformed regctl config is exit 2; nothing changes")
    func malformedFiles() async throws {
        try await withSandbox { sandbox in
            let cluster = try await setUp(sandbox)
            let docker = sandbox.dockerConfig.appendingPathComponent("config.json")
            try sandbox.write(#"{"credHelpers": {"#, to: docker)
            let before = sandbox.fileSnapshot()
            let result = try await sandbox.regctl(["status"])
            #expect(result.status == 1, "\(result)")
            #expect(result.stdout.contains("\(docker.path) is not valid JSON"), "\(result.stdout)")
            #expect(sandbox.fileSnapshot() == before)

            try sandbox.write("[1, 2", to: sandbox.configHome.appendingPathComponent("regctl/config.json"))
            let config = try await sandbox.regctl(["status", cluster.registry.host])
            #expect(config.status == 2, "\(config)")
            #expect(config.stderr.hasPrefix("Error: \(sandbox.configHome.path)/regctl/config.json is not valid JSON"), "\(config.stderr)")
        }
    }
}
