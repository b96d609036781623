import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// `regctl login HOST --server API --username U`: a token from the stand-in's OAuth server
/// for a password, as `oc login -u` gets one, with no `oc` and no kubeconfig.
@Suite("password login")
struct PasswordLoginTests {
    static let password = "correct horse battery staple"

    /// A token registry and a cluster with the user `developer`; no kubeconfig.
    static func world(_ sandbox: Sandbox) async throws -> LoginTests.World {
        let world = try await LoginTests.World.make(sandbox)
        try FileManager.default.removeItem(at: sandbox.kubeconfig)
        world.openShift.addUser("developer", password: password)
        return world
    }

    static func login(_ sandbox: Sandbox, _ world: LoginTests.World, password: String = password, extra: [String] = []) async throws -> CommandResult {
        try await sandbox.regctl([
            "login", world.registry.host, "--server", world.openShift.apiServer, "--username", "developer",
            "--password-stdin", "--certificate-authority", try sandbox.writeCAFile(),
        ] + extra, stdin: password + "\n")
    }

    @Test("a password gets a token through the OAuth flow (PKCE checked), podman pulls, status shows the expiry")
    func passwordLogin() async throws {
        try await withSandbox { sandbox in
            let world = try await Self.world(sandbox)
            let login = try await Self.login(sandbox, world)
            try #require(login.succeeded, "\(login)")
            #expect(login.stdout.contains("as developer"), "\(login.stdout)")
            #expect(login.stdout.contains("expires"))
            #expect(world.openShift.verifiedCodeExchanges == 1)

            let image = try await sandbox.makeTestImage()
            let reference = "\(world.registry.host)/developer/app:1"
            try #require(try await sandbox.run(["skopeo", "copy", image.reference, "docker://\(reference)"]).succeeded)
            let absent = try await sandbox.podman(["image", "exists", reference])
            #expect(absent.status == 1, "not in podman's storage before the pull: \(absent)")
            let pull = try await sandbox.podman(["pull", "--quiet", reference])
            #expect(pull.succeeded, "\(pull)")
            #expect(try await sandbox.podman(["image", "exists", reference]).succeeded, "pulled into podman's storage")

            let status = try await sandbox.regctl(["status", world.registry.host, "--json"])
            let registry = try JSONValue(parsing: status.stdout)["registries"].flatMap { if case .array(let items) = $0 { items.first } else { nil } }
            let expiry = try #require(registry?["credential"]?["tokenExpiry"]?.stringValue.flatMap { try? Date($0, strategy: .iso8601) }, "\(status.stdout)")
            #expect(abs(expiry.timeIntervalSinceNow - 86_400) < 300)
        }
    }

    @Test("a wrong password: 'wrong user name or password', exit 1, nothing stored, no file changed")
    func wrongPassword() async throws {
        try await withSandbox { sandbox in
            let world = try await Self.world(sandbox)
            _ = try sandbox.writeCAFile()
            let before = sandbox.fileSnapshot()
            let login = try await Self.login(sandbox, world, password: "not the password")
            #expect(login.status == 1, "\(login)")
            #expect(login.stderr.contains("wrong user name or password"))
            #expect(sandbox.fileSnapshot() == before)
            #expect(try await world.keyringSecret() == nil)
            #expect(world.openShift.verifiedCodeExchanges == 0)
        }
    }

    @Test("the password is in no output (even with -v), no file, no environment")
    func passwordStaysSecret() async throws {
        try await withSandbox { sandbox in
            let world = try await Self.world(sandbox)
            let login = try await Self.login(sandbox, world, extra: ["-v"])
            try #require(login.succeeded, "\(login)")
            #expect(login.stderr.contains("OAuth server"), "the -v log ran")
            for text in [login.stdout, login.stderr] { #expect(!text.contains(Self.password)) }
            #expect(filesContaining(Self.password, under: sandbox.root).isEmpty)
        }
    }

    @Test("asked at a terminal without echo; without a terminal and --password-stdin: a usage error")
    func prompt() async throws {
        try await withSandbox { sandbox in
            let world = try await Self.world(sandbox)
            let arguments = ["login", world.registry.host, "--server", world.openShift.apiServer, "--username", "developer",
                             "--certificate-authority", try sandbox.writeCAFile()]
            let noTerminal = try await sandbox.regctl(arguments)
            #expect(noTerminal.status == 2, "\(noTerminal)")
            #expect(noTerminal.stderr.contains("--password-stdin"))

            let regctl = Sandbox.productsDirectory.appendingPathComponent("regctl").path
            let terminal = try await sandbox.terminal(([regctl] + arguments).joined(separator: " "))
            _ = try await terminal.waitFor("Password for developer at \(world.openShift.apiServer):")
            try await terminal.send(Self.password, "Enter")
            #expect(try await terminal.exitCode() == 0)
            let screen = try await terminal.screen()
            #expect(screen.contains("Logged in to \(world.registry.host)"), "\(screen)")
            #expect(!screen.contains(Self.password), "the password was echoed")
        }
    }

    @Test("setup --server --username, no kubeconfig at all: host from an image stream, CA from oauth-serving-cert, podman works")
    func setupWithPassword() async throws {
        try await withSandbox { sandbox in
            let cluster = try await SetupTests.Cluster.make(sandbox)
            try FileManager.default.removeItem(at: sandbox.kubeconfig)
            cluster.openShift.addUser("developer", password: Self.password)
            let setup = try await sandbox.regctl(
                ["setup", "--server", cluster.openShift.apiServer, "--username", "developer", "--password-stdin",
                 "--certificate-authority", try sandbox.writeCAFile(), "--scope", "user"],
                stdin: Self.password + "\n")
            try #require(setup.status == 0, "\(setup)")
            #expect(setup.stdout.hasPrefix("\(cluster.registry.host) is set up for podman and skopeo.\n"), "\(setup.stdout)")
            #expect(setup.stdout.contains("from config map openshift-config-managed/oauth-serving-cert"))
            #expect(cluster.openShift.verifiedCodeExchanges == 1, "one password login serves every step")
            try await cluster.pushAndPullWithPodman()
        }
    }

    @Test("an API server without OpenShift's OAuth server, and an untrusted one: clear errors")
    func refusals() async throws {
        try await withSandbox { sandbox in
            let world = try await Self.world(sandbox)
            let notOpenShift = try await sandbox.regctl(
                ["login", world.registry.host, "--server", "https://\(world.registry.host)", "--username", "developer", "--password-stdin",
                 "--certificate-authority", try sandbox.writeCAFile()], stdin: Self.password)
            #expect(notOpenShift.status == 1, "\(notOpenShift)")
            #expect(notOpenShift.stderr.contains("offers no OpenShift OAuth server"))
            let untrusted = try await sandbox.regctl(
                ["login", world.registry.host, "--server", world.openShift.apiServer, "--username", "developer", "--password-stdin"],
                stdin: Self.password)
            #expect(untrusted.status == 1, "\(untrusted)")
            #expect(untrusted.stderr.contains("--certificate-authority"))
            #expect(try await world.keyringSecret() == nil)
        }
    }

    @Test("no password over plain HTTP: an http:// --server (exit 2) and an OAuth server named with http:// (exit 1) get no connection")
    func plainHTTP() async throws {
        try await withSandbox { sandbox in
            let world = try await Self.world(sandbox)
            let listener = try await MisbehavingServer(.silent, certificate: try sandbox.authority.issueServerCertificate())
            sandbox.onShutdown { await listener.stop() }
            let caFile = try sandbox.writeCAFile()
            let before = sandbox.fileSnapshot()
            func login(_ server: String) async throws -> CommandResult {
                try await sandbox.regctl(
                    ["login", world.registry.host, "--server", server, "--username", "developer", "--password-stdin", "--certificate-authority", caFile],
                    stdin: Self.password + "\n")
            }
            let plainServer = try await login("http://\(listener.host)")
            #expect(plainServer.status == 2, "\(plainServer)")
            #expect(plainServer.stderr.contains("the API server http://\(listener.host) is not an https URL, so regctl does not send it your password"))

            world.openShift.setOAuthIssuer("http://\(listener.host)")
            let plainOAuth = try await login(world.openShift.apiServer)
            #expect(plainOAuth.status == 1, "\(plainOAuth)")
            #expect(plainOAuth.stderr.contains("names the endpoint http://\(listener.host)/oauth/authorize, which is not https"), "\(plainOAuth.stderr)")
            #expect(listener.connections == 0, "nothing may reach the plain-HTTP address")
            #expect(world.openShift.verifiedCodeExchanges == 0)
            #expect(sandbox.fileSnapshot() == before, "nothing saved")
        }
    }

    @Test("no --certificate-authority: the kubeconfig's CA for that server is the pin; one that cannot be read is an error (exit 2), not the system roots")
    func kubeconfigCAForServer() async throws {
        try await withSandbox { sandbox in
            let world = try await Self.world(sandbox)
            let arguments = ["login", world.registry.host, "--server", world.openShift.apiServer, "--username", "developer", "--password-stdin"]
            try sandbox.writeKubeconfig(openShift: world.openShift, token: "sha256~not-used-by-a-password-login")
            let pinned = try await sandbox.regctl(arguments, stdin: Self.password + "\n")
            #expect(pinned.status == 0, "\(pinned)")

            let missing = sandbox.root.appendingPathComponent("input/gone.crt").path
            let text = try String(contentsOf: sandbox.kubeconfig, encoding: .utf8)
                .replacing(#/certificate-authority-data: \S+/#, with: "certificate-authority: \(missing)")
            try sandbox.write(text, to: sandbox.kubeconfig)
            let unreadable = try await sandbox.regctl(arguments, stdin: Self.password + "\n")
            #expect(unreadable.status == 2, "\(unreadable)")
            #expect(unreadable.stderr.contains("cannot read the certificate-authority file \(missing)), and regctl trusts no other CA for it"), "\(unreadable.stderr)")
            #expect(world.openShift.verifiedCodeExchanges == 1, "only the first login got a token")
        }
    }
}
