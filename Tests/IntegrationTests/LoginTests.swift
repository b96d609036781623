import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// `regctl login` / `logout` with the real token-auth registry, the OpenShift stand-in,
/// the real keyring, podman and skopeo.
@Suite("login")
struct LoginTests {
    /// A sandbox with keyring, OpenShift stand-in, token registry (trusted, user scope)
    /// and a kubeconfig holding a granted token.
    struct World {
        let sandbox: Sandbox
        let openShift: OpenShiftStandIn
        let registry: RegistryServer
        let token: String
        let keyring: KeyringSession

        static func make(_ sandbox: Sandbox, user: String = "kube:admin") async throws -> World {
            let keyring = try await sandbox.startKeyring()
            let openShift = try await sandbox.startOpenShift()
            let registry = try await sandbox.startRegistry(.token(openShift))
            let trust = try await sandbox.regctl(["trust", "install", registry.host, "--ca-file", try sandbox.writeCAFile(), "--scope", "user"])
            guard trust.succeeded else { throw HarnessError("trust install failed: \(trust)") }
            let token = "sha256~\(UUID().uuidString)"
            openShift.grant(token: token, to: user)
            try sandbox.writeKubeconfig(openShift: openShift, token: token)
            return World(sandbox: sandbox, openShift: openShift, registry: registry, token: token, keyring: keyring)
        }

        /// The keyring's copy, read with docker's own helper (regctl's serves a bound login's source).
        func keyringSecret() async throws -> String? {
            let get = try await sandbox.run(["docker-credential-secretservice", "get"], stdin: registry.host)
            return get.succeeded ? try JSONValue(parsing: get.stdout)["Secret"]?.stringValue : nil
        }
    }

    @Test("login from the kubeconfig, then podman and skopeo push and pull with no credentials anywhere; oc login again keeps it working")
    func loginThenClients() async throws {
        try await withSandbox { sandbox in
            let world = try await World.make(sandbox)
            let login = try await sandbox.regctl(["login", world.registry.host])
            try #require(login.status == 0, "\(login)")
            #expect(login.stdout.contains("Logged in to \(world.registry.host) as kubeadmin"))
            #expect(login.stdout.contains("verified by the registry"))
            #expect(try await world.keyringSecret() == world.token)

            let image = try await sandbox.makeTestImage()
            let reference = "\(world.registry.host)/developer/hello:1"
            let push = try await sandbox.run(["skopeo", "copy", image.reference, "docker://\(reference)"])
            #expect(push.succeeded, "\(push)")
            let pull = try await sandbox.podman(["pull", reference])
            #expect(pull.succeeded, "\(pull)")
            let podmanPush = try await sandbox.podman(["push", reference, "docker://\(world.registry.host)/developer/hello:2"])
            #expect(podmanPush.succeeded, "\(podmanPush)")
            let copy = try await sandbox.run(["skopeo", "copy", "docker://\(reference)", "docker://\(world.registry.host)/developer/copy:1"])
            #expect(copy.succeeded, "\(copy)")
            #expect(filesContaining(world.token, under: sandbox.root) == [sandbox.kubeconfig.path], "only oc's kubeconfig holds the token")

            // The token expires; the user runs `oc login` again, which writes a new one.
            world.openShift.revoke(token: world.token)
            let renewed = "sha256~\(UUID().uuidString)"
            world.openShift.grant(token: renewed, to: "kube:admin")
            try sandbox.writeKubeconfig(openShift: world.openShift, token: renewed)
            let again = try await sandbox.podman(["pull", "\(world.registry.host)/developer/hello:2"])
            #expect(again.succeeded, "no new regctl login needed: \(again)")
            #expect(try await world.keyringSecret() == renewed)
        }
    }

    @Test("--token-stdin and --username: the token comes from stdin, never argv")
    func tokenFromStdin() async throws {
        try await withSandbox { sandbox in
            let world = try await World.make(sandbox)
            try FileManager.default.removeItem(at: sandbox.kubeconfig)
            let login = try await sandbox.regctl(["login", world.registry.host, "--token-stdin", "--username", "dev", "--json"], stdin: world.token + "\n")
            try #require(login.status == 0, "\(login)")
            let report = try JSONDecoder().decode(LoginReport.self, from: Data(login.stdout.utf8))
            #expect(report.username == "dev")
            #expect(report.verdict == .accepted)
            #expect(report.context == nil)
            #expect(try await world.keyringSecret() == world.token)
        }
    }

    /// A login that must be refused, and what the refusal says.
    enum RefusedLogin: String, CaseIterable, Sendable {
        case wrong, revoked, exec, malformed, noContext = "no-context", emptyStdin = "empty-stdin"

        var status: Int32 { self == .wrong || self == .revoked ? 1 : 2 }

        var says: String {
            switch self {
            case .wrong, .revoked: "rejected the token"
            case .exec: "exec plugin"
            case .malformed: "is not valid"
            case .noContext: "no context named nope"
            case .emptyStdin: "no token on standard input"
            }
        }
    }

    @Test("refused logins change nothing: wrong token, revoked token, exec-only or malformed kubeconfig", arguments: RefusedLogin.allCases)
    func refusedLogins(kind: RefusedLogin) async throws {
        try await withSandbox { sandbox in
            let world = try await World.make(sandbox)
            var arguments = ["login", world.registry.host]
            var stdin = ""
            switch kind {
            case .wrong: try sandbox.writeKubeconfig(openShift: world.openShift, token: "sha256~not-a-token")
            case .revoked: world.openShift.revoke(token: world.token)
            case .exec:
                try sandbox.write("""
                    apiVersion: v1
                    clusters: [{name: c, cluster: {server: "\(world.openShift.apiServer)"}}]
                    contexts: [{name: x, context: {cluster: c, user: u}}]
                    current-context: x
                    users: [{name: u, user: {exec: {command: oc-plugin, apiVersion: client.authentication.k8s.io/v1}}}]
                    """, to: sandbox.kubeconfig)
            case .malformed: try sandbox.write("apiVersion: v1\nclusters: [{name: c, cluster: {server: x}\n", to: sandbox.kubeconfig)
            case .noContext: arguments += ["--context", "nope"]
            case .emptyStdin: arguments += ["--token-stdin"]; stdin = "  \n"
            }
            let before = sandbox.fileSnapshot()
            let result = try await sandbox.regctl(arguments, stdin: stdin)
            #expect(result.status == kind.status, "\(kind): \(result)")
            #expect(result.stderr.hasPrefix("Error: "), "\(result)")
            #expect(result.stderr.contains(kind.says), "\(kind): \(result.stderr)")
            #expect(sandbox.fileSnapshot() == before, "nothing may change")
            #expect(try await sandbox.credentialHelper(["list"]).stdout == "{}\n", "nothing in the keyring")
        }
    }

    /// A registry that cannot take a login.
    enum BrokenRegistry: String, CaseIterable, Sendable {
        case failing = "500", garbage, untrusted, wrongCA = "wrong CA", closed
    }

    @Test("a registry that fails, speaks garbage or is not trusted: clear error, exit 1, nothing saved", arguments: BrokenRegistry.allCases)
    func brokenRegistries(kind: BrokenRegistry) async throws {
        try await withSandbox { sandbox in
            _ = try await sandbox.startKeyring()
            let openShift = try await sandbox.startOpenShift()
            let token = "sha256~\(UUID().uuidString)"
            openShift.grant(token: token, to: "developer")
            try sandbox.writeKubeconfig(openShift: openShift, token: token)
            let host: String
            switch kind {
            case .failing, .garbage:
                let server = try await LoopbackHTTPSServer(certificate: try sandbox.authority.issueServerCertificate()) { _ in
                    kind == .failing ? HTTPResponse(status: .internalServerError, body: Data("oops".utf8))
                        : HTTPResponse(status: .ok, headers: ["Content-Type": "text/html"], body: Data("<html>hello</html>".utf8))
                }
                sandbox.onShutdown { await server.stop() }
                host = server.host
            case .untrusted, .wrongCA:
                host = try await sandbox.startRegistry(.token(openShift), authority: try TestCertificateAuthority(name: "unknown CA")).host
            case .closed:
                host = "127.0.0.1:\(try sandbox.refusingPorts(1)[0])"
            }
            switch kind {
            case .wrongCA:
                // certs.d names a CA that did not sign the registry: neither it alone nor
                // it with the system roots may verify.
                try sandbox.write(sandbox.authority.certificatePEM, to: sandbox.configHome.appendingPathComponent("containers/certs.d/\(host)/ca.crt"))
            case .untrusted: break
            case .failing, .garbage, .closed:
                _ = try await sandbox.regctl(["trust", "install", host, "--ca-file", try sandbox.writeCAFile(), "--scope", "user"])
            }
            let before = sandbox.fileSnapshot()
            let result = try await sandbox.regctl(["login", host])
            #expect(result.status == 1, "\(kind): \(result)")
            let message: String = switch kind {
            case .failing: "failed with HTTP 500"
            case .garbage: "does not answer like a container registry"
            case .untrusted, .wrongCA: "regctl trust install \(host)"
            case .closed: "cannot reach \(host)"
            }
            #expect(result.stderr.contains(message), "\(kind): \(result.stderr)")
            #expect(sandbox.fileSnapshot() == before)
        }
    }

    @Test("users/~ fails (503, as under load): the user name falls back to 'openshift', said with -v, and the login works; podman sends it")
    func userLookupFallback() async throws {
        try await withSandbox { sandbox in
            let world = try await World.make(sandbox)
            world.openShift.failUserLookup()
            let login = try await sandbox.regctl(["login", world.registry.host, "-v"])
            #expect(login.status == 0, "\(login)")
            #expect(login.stdout.contains("Logged in to \(world.registry.host) as openshift"), "\(login.stdout)")
            #expect(login.stderr.contains("could not ask the cluster for the user name"), "\(login.stderr)")
            #expect(world.openShift.requestedPaths.contains("/apis/user.openshift.io/v1/users/~"))
            #expect(try await sandbox.podman(["login", "--get-login", world.registry.host]).stdout == "openshift\n")
        }
    }

    @Test("the token is in no child's argv or environment and in no -v output")
    func tokenNeverLeaks() async throws {
        try await withSandbox { sandbox in
            let world = try await World.make(sandbox)
            let verbose = try await sandbox.regctl(["login", world.registry.host, "-v"])
            try #require(verbose.succeeded, "\(verbose)")
            #expect(verbose.stderr.contains("[login]"), "-v logs the steps: \(verbose.stderr)")
            #expect(!(verbose.stdout + verbose.stderr).contains(world.token))
            #expect(!(verbose.stdout + verbose.stderr).contains(String(world.token.dropFirst(7))))

            // A wrapper in front of the helper records how podman runs it.
            let shims = sandbox.root.appendingPathComponent("shims")
            let log = sandbox.root.appendingPathComponent("helper-calls")
            let real = try Sandbox.credentialHelperPath
            let script = "#!/bin/sh\n{ echo ARGV \"$@\"; env; } >> \(log.path)\nexec \(real) \"$@\"\n"
            try await sandbox.writeExecutable(script, to: shims.appendingPathComponent("docker-credential-regctl"))
            sandbox.setEnvironment("PATH", shims.path + ":" + (sandbox.environment["PATH"] ?? ""))
            let image = try await sandbox.makeTestImage()
            let push = try await sandbox.run(["skopeo", "copy", image.reference, "docker://\(world.registry.host)/developer/hello:1"])
            #expect(push.succeeded, "\(push)")
            let calls = try String(contentsOf: log, encoding: .utf8)
            #expect(calls.contains("ARGV get"), "the helper was used: \(calls)")
            #expect(!calls.contains(world.token))
        }
    }

    @Test("no keyring: a login that is not bound exits 4 and saves nothing; a bound one needs no keyring; --store file saves with a warning")
    func storeChoices() async throws {
        try await withSandbox { sandbox in
            let openShift = try await sandbox.startOpenShift()
            let registry = try await sandbox.startRegistry(.token(openShift))
            _ = try await sandbox.regctl(["trust", "install", registry.host, "--ca-file", try sandbox.writeCAFile(), "--scope", "user"])
            let token = "sha256~\(UUID().uuidString)"
            openShift.grant(token: token, to: "developer")
            try sandbox.writeKubeconfig(openShift: openShift, token: token)
            let before = sandbox.fileSnapshot()
            let refused = try await sandbox.regctl(["login", registry.host, "--token-stdin"], stdin: token)
            #expect(refused.status == 4, "\(refused)")
            #expect(refused.stderr.contains("--store file"))
            #expect(sandbox.fileSnapshot() == before)

            let bound = try await sandbox.regctl(["login", registry.host])
            #expect(bound.status == 0, "\(bound)")
            #expect(bound.stderr.contains("no copy is stored: the credential helper serves the token of kubeconfig context"))
            let helper = try await sandbox.credentialHelper(["get"], stdin: registry.host)
            #expect(helper.status == 0 && helper.stdout.contains(token), "served from the source, no keyring: \(helper.status)")
            #expect(filesContaining(token, under: sandbox.root) == [sandbox.kubeconfig.path])
            #expect(try await sandbox.regctl(["logout", registry.host]).succeeded)

            sandbox.allowSecret(in: sandbox.dockerConfigFile)
            sandbox.allowSecret(in: sandbox.containersAuthFile)
            let file = try await sandbox.regctl(["login", registry.host, "--store", "file"])
            #expect(file.status == 0, "\(file)")
            #expect(file.stderr.contains("unencrypted"))
            let pull = try await sandbox.run(["skopeo", "inspect", "docker://\(registry.host)/developer/none:1"])
            #expect(pull.stderr.contains("manifest unknown"), "authenticated through auths: \(pull)")
        }
    }

    @Test("logout removes keyring item, both entries and the binding; again says so, exit 0")
    func logout() async throws {
        try await withSandbox { sandbox in
            let world = try await World.make(sandbox)
            try #require(try await sandbox.regctl(["login", world.registry.host]).succeeded)
            let docker = sandbox.dockerConfig.appendingPathComponent("config.json")
            try sandbox.write(#"{"psFormat": "keep me", "credHelpers": {"gcr.io": "gcloud", "\#(world.registry.host)": "regctl"}}"#, to: docker)

            let out = try await sandbox.regctl(["logout", world.registry.host])
            #expect(out.status == 0, "\(out)")
            #expect(out.stdout == """
                Logged out of \(world.registry.host).
                  removed its item from the keyring
                  removed credHelpers[\(world.registry.host)] from \(sandbox.containersAuthFile.path)
                  removed credHelpers[\(world.registry.host)] from \(docker.path)

                """, "\(out.stdout)")
            #expect(try await world.keyringSecret() == nil)
            let config = try JSONValue(parsing: String(contentsOf: docker, encoding: .utf8))
            #expect(config["psFormat"]?.stringValue == "keep me")
            #expect(config["credHelpers"]?.objectValue?.keys.elementsEqual(["gcr.io"]) == true)
            #expect(try RegctlConfigFile(environment: sandbox.regctlEnvironment).load().registries.isEmpty)

            let again = try await sandbox.regctl(["logout", world.registry.host])
            #expect(again.status == 0)
            #expect(again.stdout.contains("Not logged in to \(world.registry.host)"))

            try #require(try await sandbox.regctl(["login", world.registry.host]).succeeded)
            let all = try await sandbox.regctl(["logout", "--all", "--json"])
            #expect(all.status == 0)
            #expect(try JSONValue(parsing: all.stdout)["loggedOut"]?.arrayValue?.compactMap { $0["host"]?.stringValue } == [world.registry.host], "\(all.stdout)")
            #expect(try await world.keyringSecret() == nil)
        }
    }
}
