import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// Kubeconfig users whose token comes from an exec credential plugin (OIDC, SSO), run as
/// client-go runs them — here a small plugin of the tests' own that records how it was called.
@Suite("exec credential plugins")
struct ExecPluginTests {
    /// A plugin script that prints an ExecCredential with the token and lifetime its files
    /// hold, and logs each call (KUBERNETES_EXEC_INFO, its standard input, arguments, env).
    struct Plugin {
        let directory: URL
        var script: URL { directory.appendingPathComponent("test-plugin") }

        static func install(in sandbox: Sandbox, token: String, lifetime: Int = 3600) async throws -> Plugin {
            let plugin = Plugin(directory: sandbox.root.appendingPathComponent("plugin"))
            try FileManager.default.createDirectory(at: plugin.directory, withIntermediateDirectories: true)
            // The plugin's own store of the token, as oc's is the kubeconfig.
            sandbox.allowSecret(in: plugin.directory.appendingPathComponent("token"))
            try await plugin.write(in: sandbox, #"""
                #!/bin/bash
                dir="$(dirname "$0")"
                echo "call stdin=$(readlink /proc/self/fd/0) args=$* greeting=$PLUGIN_GREETING info=$KUBERNETES_EXEC_INFO" >> "$dir/calls"
                if [ -e "$dir/needs-person" ] && [[ "$KUBERNETES_EXEC_INFO" != *'"interactive":true'* ]]; then
                  echo "test-plugin: interactive sign-in required" >&2
                  exit 1
                fi
                api=$(sed -n 's/.*"apiVersion":"\([^"]*\)".*/\1/p' <<<"$KUBERNETES_EXEC_INFO")
                expiry=$(date -u -d "+$(cat "$dir/lifetime") seconds" +%Y-%m-%dT%H:%M:%SZ)
                printf '{"apiVersion":"%s","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"%s"}}\n' \
                  "$api" "$(cat "$dir/token")" "$expiry"
                """#)
            try plugin.set(token: token, lifetime: lifetime)
            return plugin
        }

        /// Writes the script from a child process, so that no file descriptor open for writing
        /// leaks into the harness's other children (running it then fails with ETXTBSY).
        func write(in sandbox: Sandbox, _ text: String) async throws {
            let written = try await sandbox.run(["sh", "-c", #"cat > "$1" && chmod 755 "$1""#, "sh", script.path], stdin: text)
            guard written.succeeded else { throw HarnessError("cannot write the plugin: \(written)") }
        }

        func set(token: String, lifetime: Int) throws {
            try token.write(to: directory.appendingPathComponent("token"), atomically: true, encoding: .utf8)
            try "\(lifetime)".write(to: directory.appendingPathComponent("lifetime"), atomically: true, encoding: .utf8)
        }

        /// From now on the plugin fails unless a person can answer it, as `oc get-token` does
        /// once its refresh token is gone.
        func demandPerson() throws {
            FileManager.default.createFile(atPath: directory.appendingPathComponent("needs-person").path, contents: Data())
        }

        var calls: [String] {
            ((try? String(contentsOf: directory.appendingPathComponent("calls"), encoding: .utf8)) ?? "")
                .split(separator: "\n").map(String.init)
        }

        /// The user's `exec:` section for a kubeconfig.
        func section(apiVersion: String, interactiveMode: String? = "IfAvailable", command: String? = nil, installHint: String? = nil) -> String {
            var lines = [
                "exec:",
                "  apiVersion: client.authentication.k8s.io/\(apiVersion)",
                "  command: \(command ?? script.path)",
                "  args: [get-token, --issuer-url=https://issuer.example]",
                "  env:",
                "  - name: PLUGIN_GREETING",
                "    value: hello",
                "  provideClusterInfo: true",
            ]
            if let interactiveMode { lines.append("  interactiveMode: \(interactiveMode)") }
            if let installHint { lines.append("  installHint: \(installHint)") }
            return lines.joined(separator: "\n")
        }
    }

    /// A token registry, trusted, with a kubeconfig whose user runs the plugin.
    static func world(_ sandbox: Sandbox, apiVersion: String = "v1", lifetime: Int = 3600) async throws -> (LoginTests.World, Plugin) {
        let world = try await LoginTests.World.make(sandbox)
        let plugin = try await Plugin.install(in: sandbox, token: world.token, lifetime: lifetime)
        try sandbox.writeKubeconfig(openShift: world.openShift, user: plugin.section(apiVersion: apiVersion))
        return (world, plugin)
    }

    @Test("login runs the plugin (v1 and v1beta1) as client-go does, and podman pulls", arguments: ["v1", "v1beta1"])
    func loginAndPull(apiVersion: String) async throws {
        try await withSandbox { sandbox in
            let (world, plugin) = try await Self.world(sandbox, apiVersion: apiVersion)
            let login = try await sandbox.regctl(["login", world.registry.host])
            try #require(login.succeeded, "\(login)")
            #expect(login.stdout.contains("expires"), "\(login.stdout)")
            let calls = plugin.calls
            try #require(calls.count == 1, "\(calls)")
            let call = calls[0]
            #expect(call.contains("stdin=/dev/null"), "not interactive: no standard input")
            #expect(call.contains("args=get-token --issuer-url=https://issuer.example"))
            #expect(call.contains("greeting=hello"))
            let info = try JSONValue(parsing: String(call[call.range(of: "info=")!.upperBound...]))
            #expect(info["apiVersion"]?.stringValue == "client.authentication.k8s.io/\(apiVersion)")
            #expect(info["kind"]?.stringValue == "ExecCredential")
            #expect(info["spec"]?["interactive"] == .bool(false))
            #expect(info["spec"]?["cluster"]?["server"]?.stringValue == world.openShift.apiServer)
            #expect(info["spec"]?["cluster"]?["certificate-authority-data"]?.stringValue != nil)

            let image = try await sandbox.makeTestImage()
            let reference = "\(world.registry.host)/developer/app:1"
            try #require(try await sandbox.run(["skopeo", "copy", image.reference, "docker://\(reference)"]).succeeded)
            let pull = try await sandbox.podman(["pull", "--quiet", reference])
            #expect(pull.succeeded, "\(pull)")
            #expect(plugin.calls.count == 1, "the stored token serves while it has not expired")
            let files = filesContaining(world.token, under: sandbox.root).filter { !$0.contains("plugin/token") && !$0.contains("keyring") }
            #expect(files.isEmpty, "the token is in \(files)")
        }
    }

    @Test("at a terminal, login runs the plugin interactively: spec.interactive true, the terminal as its standard input")
    func interactiveAtTerminal() async throws {
        try await withSandbox { sandbox in
            let (world, plugin) = try await Self.world(sandbox)
            let regctl = Sandbox.productsDirectory.appendingPathComponent("regctl").path
            let terminal = try await sandbox.terminal("\(regctl) login \(world.registry.host)")
            let status = try await terminal.exitCode()
            let screen = try await terminal.screen()
            #expect(status == 0, "\(screen)")
            let call = try #require(plugin.calls.first)
            #expect(call.contains(#""interactive":true"#), "\(call)")
            #expect(call.contains("stdin=/dev/pts/"), "\(call)")
        }
    }

    /// A token lifetime long enough for a login on a loaded machine to verify the token
    /// before it expires (the plugin writes whole seconds, so up to one second less).
    static let shortLifetime = 10

    /// When a token of ``shortLifetime`` that a login which ended at `end` got has surely
    /// expired: the plugin ran before that end.
    static func expiryPassed(afterLoginEnded end: ContinuousClock.Instant) -> ContinuousClock.Instant {
        end + .seconds(shortLifetime + 1)
    }

    @Test("after the expiry, podman pull works again: the helper ran the plugin once more, without a person, and stored its new token")
    func renewedAfterExpiry() async throws {
        try await withSandbox { sandbox in
            let (world, plugin) = try await Self.world(sandbox, lifetime: Self.shortLifetime)
            let login = try await sandbox.regctl(["login", world.registry.host])
            try #require(login.succeeded, "\(login)")
            let expired = Self.expiryPassed(afterLoginEnded: .now)
            let image = try await sandbox.makeTestImage()
            let reference = "\(world.registry.host)/developer/app:1"
            // With its own credentials: the helper must not run the plugin before the test means it to.
            let pushAuth = sandbox.root.appendingPathComponent("push-auth.json")
            let auth = Data("kubeadmin:\(world.token)".utf8).base64EncodedString()
            try sandbox.write(#"{"auths":{"\#(world.registry.host)":{"auth":"\#(auth)"}}}"#, to: pushAuth)
            sandbox.allowSecret(in: pushAuth)
            try #require(try await sandbox.run(["skopeo", "copy", "--dest-authfile", pushAuth.path, image.reference, "docker://\(reference)"]).succeeded)
            let renewed = "sha256~\(UUID().uuidString)"
            world.openShift.grant(token: renewed, to: "kube:admin")
            world.openShift.revoke(token: world.token)
            try plugin.set(token: renewed, lifetime: 3600)
            try await Task.sleep(until: expired)

            let pull = try await sandbox.podman(["pull", "--quiet", reference])
            #expect(pull.succeeded, "\(pull)")
            let calls = plugin.calls
            #expect(calls.count == 2, "\(calls)")
            #expect(calls.last?.contains(#""interactive":false"#) == true)
            #expect(calls.last?.contains("stdin=/dev/null") == true)
            #expect(try await world.keyringSecret() == renewed, "the keyring copy follows")
            #expect(try await sandbox.podman(["pull", "--quiet", reference]).succeeded)
            #expect(plugin.calls.count == 2, "the new token serves until its own expiry")
        }
    }

    @Test("a plugin that needs a person makes get fail at once with the fix, and podman pull shows it")
    func needsPerson() async throws {
        try await withSandbox { sandbox in
            let (world, plugin) = try await Self.world(sandbox, lifetime: Self.shortLifetime)
            try #require(try await sandbox.regctl(["login", world.registry.host]).succeeded)
            let expired = Self.expiryPassed(afterLoginEnded: .now)
            try plugin.demandPerson()
            try await Task.sleep(until: expired)
            let get = try await sandbox.credentialHelper(["get"], stdin: world.registry.host)
            #expect(get.status == 1)
            #expect(get.stdout.contains("regctl login \(world.registry.host)"), "\(get.stdout)")
            #expect(plugin.calls.count == 2 && plugin.calls.last?.contains(#""interactive":false"#) == true,
                    "one run without a person, no wait for one (it took \(get.elapsed))")
            #expect(get.stderr.contains("interactive sign-in required"), "the plugin's own words reach the user")
            let pull = try await sandbox.podman(["pull", "--quiet", "\(world.registry.host)/developer/app:1"])
            #expect(!pull.succeeded)
            #expect(pull.stderr.contains("regctl login \(world.registry.host)"), "\(pull.stderr)")
        }
    }

    @Test("interactiveMode Always without a terminal, a missing plugin (with its installHint), a certificate-only plugin: clear errors, nothing saved")
    func refusals() async throws {
        try await withSandbox { sandbox in
            let (world, plugin) = try await Self.world(sandbox)
            let before = sandbox.fileSnapshot()

            try sandbox.writeKubeconfig(openShift: world.openShift, user: plugin.section(apiVersion: "v1", interactiveMode: "Always"))
            let always = try await sandbox.regctl(["login", world.registry.host])
            #expect(always.status == 1, "\(always)")
            #expect(always.stderr.contains("needs a person at a terminal"), "\(always.stderr)")

            try sandbox.writeKubeconfig(openShift: world.openShift, user: plugin.section(
                apiVersion: "v1", command: "oc-oidc-missing", installHint: "Install oc 4.19 or later from the cluster's download page."
            ))
            let missing = try await sandbox.regctl(["login", world.registry.host])
            #expect(missing.status == 2, "\(missing)")
            #expect(missing.stderr.contains("oc-oidc-missing"))
            #expect(missing.stderr.contains("Install oc 4.19 or later from the cluster's download page."))

            try sandbox.writeKubeconfig(openShift: world.openShift, user: plugin.section(apiVersion: "v1", interactiveMode: nil))
            let noMode = try await sandbox.regctl(["login", world.registry.host])
            #expect(noMode.status == 2)
            #expect(noMode.stderr.contains("interactiveMode"))

            try await plugin.write(in: sandbox, #"""
                #!/bin/bash
                echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"clientCertificateData":"x","clientKeyData":"y"}}'
                """#)
            try sandbox.writeKubeconfig(openShift: world.openShift, user: plugin.section(apiVersion: "v1"))
            let certificate = try await sandbox.regctl(["login", world.registry.host])
            #expect(certificate.status == 1)
            #expect(certificate.stderr.contains("client certificate"))

            let after = sandbox.fileSnapshot()
            #expect(after.filter { !$0.key.contains("kube") && !$0.key.contains("plugin") } == before.filter { !$0.key.contains("kube") && !$0.key.contains("plugin") })
            #expect(try await world.keyringSecret() == nil)
        }
    }

    @Test("status shows the expiry the plugin gave")
    func statusShowsExpiry() async throws {
        try await withSandbox { sandbox in
            let (world, _) = try await Self.world(sandbox)
            try #require(try await sandbox.regctl(["login", world.registry.host]).succeeded)
            let status = try await sandbox.regctl(["status", world.registry.host, "--json"])
            let expiry = try JSONValue(parsing: status.stdout)["registries"].flatMap { if case .array(let items) = $0 { items.first } else { nil } }?["credential"]?["tokenExpiry"]?.stringValue
            let date = try #require(expiry.flatMap { try? Date($0, strategy: .iso8601) }, "\(status.stdout)")
            #expect(abs(date.timeIntervalSinceNow - 3600) < 120)
        }
    }
}
