import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// `regctl setup`: from a kubeconfig alone to podman pushing and pulling, against the real
/// registry, keyring, podman and skopeo and the OpenShift stand-in.
@Suite("setup")
struct SetupTests {
    /// A cluster (stand-in) exposing a token-auth registry, a keyring, and a kubeconfig for
    /// `user` — nothing else: no CA installed, no login.
    struct Cluster {
        let sandbox: Sandbox
        let openShift: OpenShiftStandIn
        let registry: RegistryServer
        let token: String

        static func make(
            _ sandbox: Sandbox, admin: Bool = false, keyring: Bool = true, registryAuthority: TestCertificateAuthority? = nil
        ) async throws -> Cluster {
            if keyring { _ = try await sandbox.startKeyring() }
            let openShift = try await sandbox.startOpenShift()
            let registry = try await sandbox.startRegistry(.token(openShift), authority: registryAuthority)
            openShift.exposeRegistry(host: registry.host)
            let token = "sha256~\(UUID().uuidString)"
            openShift.grant(token: token, to: admin ? "kube:admin" : "developer", admin: admin)
            try sandbox.writeKubeconfig(openShift: openShift, token: token)
            return Cluster(sandbox: sandbox, openShift: openShift, registry: registry, token: token)
        }

        var userCAFile: URL {
            sandbox.configHome.appendingPathComponent("containers/certs.d/\(registry.host)/ca.crt")
        }

        /// podman pushes a local image to the registry and pulls it back, with no flags.
        func pushAndPullWithPodman() async throws {
            let image = try await sandbox.makeTestImage()
            let reference = "\(registry.host)/developer/app:1"
            let local = try await sandbox.run(["skopeo", "copy", image.reference, "containers-storage:\(reference)"])
            try #require(local.succeeded, "\(local)")
            let push = try await sandbox.podman(["push", reference])
            #expect(push.succeeded, "\(push)")
            try #require(try await sandbox.podman(["rmi", reference]).succeeded)
            let pull = try await sandbox.podman(["pull", reference])
            #expect(pull.succeeded, "\(pull)")
        }
    }

    @Test("a non-administrator with only a kubeconfig: host from an image stream, CA from oauth-serving-cert, podman works")
    func nonAdministrator() async throws {
        try await withSandbox { sandbox in
            let cluster = try await Cluster.make(sandbox)
            let setup = try await sandbox.regctl(["setup", "--scope", "user"])
            try #require(setup.status == 0, "\(setup)")
            let host = cluster.registry.host
            #expect(setup.stdout.hasPrefix("\(host) is set up for podman and skopeo.\n"), "the answer first: \(setup.stdout)")
            #expect(setup.stdout.contains("\(host), from image stream openshift/cli"))
            #expect(setup.stdout.contains("from config map openshift-config-managed/oauth-serving-cert"))
            #expect(setup.stdout.contains("developer with the token of kubeconfig context"))
            let expiry = try #require(cluster.openShift.expiry(of: cluster.token))
            #expect(setup.stdout.contains("token expires \(expiry.formatted(.iso8601))"), "expiry = creationTimestamp + expiresIn")
            let stored = try RegctlConfigFile(environment: sandbox.regctlEnvironment).load().registries[host]?.token
            #expect(stored?.expiry == expiry, "the expiry is remembered, with a name for the token that does not reveal it")
            #expect(stored?.id.hasPrefix("sha256~") == true && stored?.id != cluster.token)
            #expect(setup.stdout.contains("Try: regctl push \(host)/developer/IMAGE"), "the context's namespace, where the cluster lets developer push")

            // The bundle holds the ingress leaf and the CA: only the CA is installed.
            let installed = try CertificateBundle(contentsOf: cluster.userCAFile.path).certificates
            #expect(installed.map(CertificateSummary.fingerprint(of:)) == [CertificateSummary.fingerprint(of: sandbox.authority.root.certificate)])
            #expect(cluster.openShift.requestedPaths.contains { $0.hasSuffix("/default-ingress-cert") }, "asked first, refused with 403")
            try await cluster.pushAndPullWithPodman()
            #expect(filesContaining(cluster.token, under: sandbox.root) == [sandbox.kubeconfig.path], "only oc's kubeconfig holds the token")
        }
    }

    @Test("an administrator: host from the image config; a second setup changes no byte and says so")
    func administratorAndIdempotence() async throws {
        try await withSandbox { sandbox in
            let cluster = try await Cluster.make(sandbox, admin: true)
            let first = try await sandbox.regctl(["setup", "--scope", "user", "--json"])
            try #require(first.status == 0, "\(first)")
            let report = try JSONDecoder.iso8601.decode(SetupReport.self, from: Data(first.stdout.utf8))
            #expect(report.registry.host.description == cluster.registry.host)
            #expect(report.registry.source.contains("image config"))
            #expect(report.trust.origin == "config map openshift-config-managed/default-ingress-cert")
            #expect(report.login.username == "kubeadmin")
            #expect(report.alreadySetUp == false)
            #expect(report.next == "regctl push \(cluster.registry.host)/developer/IMAGE")

            let before = sandbox.fileSnapshot()
            let second = try await sandbox.regctl(["setup", "--scope", "user"])
            #expect(second.status == 0, "\(second)")
            #expect(second.stdout.hasPrefix("\(cluster.registry.host) was already set up for podman and skopeo; nothing changed."), "\(second.stdout)")
            #expect(sandbox.fileSnapshot() == before, "no byte of any file changed")
            try await cluster.pushAndPullWithPodman()
        }
    }

    @Test("a route with its own certificate: without a terminal, exit 2 with the command and fingerprint; with it, done")
    func routeWithItsOwnCertificate() async throws {
        try await withSandbox { sandbox in
            let routeCA = try TestCertificateAuthority(name: "route CA")
            let cluster = try await Cluster.make(sandbox, registryAuthority: routeCA)
            let fingerprint = CertificateSummary.fingerprint(of: routeCA.root.certificate)
            let before = sandbox.fileSnapshot()
            let refused = try await sandbox.regctl(["setup", "--scope", "user"])
            #expect(refused.status == 2, "\(refused)")
            #expect(refused.stderr.contains("no CA the cluster publishes verifies it"), "\(refused.stderr)")
            let command = "regctl setup \(cluster.registry.host) --fingerprint \(fingerprint) --scope user"
            #expect(refused.stderr.contains("then run: \(command)\n"), "\(refused.stderr)")
            #expect(sandbox.fileSnapshot() == before)

            let confirmed = try await sandbox.regctl(Array(command.split(separator: " ").dropFirst().map(String.init)))
            #expect(confirmed.status == 0, "\(confirmed)")
            #expect(confirmed.stdout.contains("fingerprint confirmed"))
            try await cluster.pushAndPullWithPodman()
        }
    }

    @Test("a route with its own certificate at a terminal: the CA is shown, a y installs it, setup completes")
    func routeConfirmedAtTerminal() async throws {
        try await withSandbox { sandbox in
            let routeCA = try TestCertificateAuthority(name: "route CA")
            let cluster = try await Cluster.make(sandbox, registryAuthority: routeCA)
            let regctl = Sandbox.productsDirectory.appendingPathComponent("regctl").path
            let terminal = try await sandbox.terminal("\(regctl) setup --scope user")
            let screen = try await terminal.waitFor("Trust this CA for \(cluster.registry.host)? [y/N]")
            #expect(screen.contains(CertificateSummary.fingerprint(of: routeCA.root.certificate)))
            try await terminal.send("y", "Enter")
            let code = try await terminal.exitCode()
            let final = try await terminal.screen()
            #expect(code == 0, "\(final)")
            let installed = try CertificateBundle(contentsOf: cluster.userCAFile.path).certificates
            #expect(installed.map(CertificateSummary.fingerprint(of:)) == [CertificateSummary.fingerprint(of: routeCA.root.certificate)])
        }
    }

    @Test("insecure-skip-tls-verify: the API is not trusted for CAs (config maps untouched), the fingerprint is asked for")
    func insecureKubeconfig() async throws {
        try await withSandbox { sandbox in
            let cluster = try await Cluster.make(sandbox)
            try sandbox.write("""
                apiVersion: v1
                clusters: [{name: c, cluster: {server: "\(cluster.openShift.apiServer)", insecure-skip-tls-verify: true}}]
                contexts: [{name: dev, context: {cluster: c, user: u, namespace: developer}}]
                current-context: dev
                users: [{name: u, user: {token: "\(cluster.token)"}}]
                """, to: sandbox.kubeconfig)
            let noHost = try await sandbox.regctl(["setup", "--scope", "user"])
            #expect(noHost.status == 2, "\(noHost)")
            #expect(noHost.stderr.contains("insecure-skip-tls-verify"), "\(noHost.stderr)")
            #expect(noHost.stderr.contains("regctl setup HOST"))

            let host = cluster.registry.host
            let refused = try await sandbox.regctl(["setup", host, "--scope", "user"])
            #expect(refused.status == 2, "\(refused)")
            #expect(refused.stderr.contains("the kubeconfig turns TLS verification off"), "\(refused.stderr)")
            let fingerprint = CertificateSummary.fingerprint(of: sandbox.authority.root.certificate)
            #expect(refused.stderr.contains("--fingerprint \(fingerprint)"))
            #expect(cluster.openShift.requestedPaths.isEmpty, "nothing was asked of an unverified API: \(cluster.openShift.requestedPaths)")

            let confirmed = try await sandbox.regctl(["setup", host, "--scope", "user", "--fingerprint", fingerprint])
            #expect(confirmed.status == 0, "\(confirmed)")
            #expect(!cluster.openShift.requestedPaths.contains { $0.hasPrefix("/api") }, "\(cluster.openShift.requestedPaths)")
            try await cluster.pushAndPullWithPodman()
        }
    }

    @Test("trust install --from-cluster: the CA the cluster publishes, then already trusted")
    func trustFromCluster() async throws {
        try await withSandbox { sandbox in
            let cluster = try await Cluster.make(sandbox)
            let install = try await sandbox.regctl(["trust", "install", cluster.registry.host, "--from-cluster", "--scope", "user"])
            #expect(install.status == 0, "\(install)")
            #expect(install.stdout.contains("from config map openshift-config-managed/oauth-serving-cert"), "\(install.stdout)")
            let again = try await sandbox.regctl(["trust", "install", cluster.registry.host, "--from-cluster", "--scope", "user"])
            #expect(again.status == 0, "\(again)")
            #expect(again.stdout.contains("already trusted"), "\(again.stdout)")
        }
    }

    @Test("system scope, not root and no terminal: exit 3 with a trust command of a staged CA and its fingerprint, which root runs without the kubeconfig")
    func systemScopeNeedsRoot() async throws {
        try await withSandbox { sandbox in
            let cluster = try await Cluster.make(sandbox)
            let runtime = try sandbox.useRuntimeDirectoryOfNobody()
            let before = sandbox.fileSnapshot()
            let result = try await sandbox.regctlAsNobody(["setup", "--scope", "system"])
            #expect(result.status == 3, "\(result)")
            let fingerprint = CertificateSummary.fingerprint(of: sandbox.authority.root.certificate)
            let staged = runtime.appendingPathComponent("regctl/\(cluster.registry.host).crt")
            let command = try commandToRunAsRoot(in: result.stderr)
            #expect(command == "sudo env REGCTL_SYSROOT=\(sandbox.sysroot.path) regctl trust install \(cluster.registry.host) --ca-file \(staged.path) "
                + "--fingerprint \(fingerprint) --scope system", "\(result.stderr)")
            for option in ["--kubeconfig", "--from-cluster", "--context", "--from-server"] {
                #expect(!result.stderr.contains(option), "root gets nothing of the kubeconfig: \(result.stderr)")
            }
            #expect(result.stderr.contains("--scope user"))
            #expect(try String(contentsOf: staged, encoding: .utf8) == (try sandbox.authority.certificatePEM))
            #expect(try permissions(staged) == 0o644)
            var after = sandbox.fileSnapshot()
            after[staged.path] = nil
            after[staged.deletingLastPathComponent().path] = nil
            #expect(after == before, "nothing but the staged CA was written")

            try FileManager.default.removeItem(at: sandbox.kubeconfig)
            let asRoot = try await sandbox.run(command.split(separator: " ").dropFirst().map(String.init))
            #expect(asRoot.status == 0, "\(asRoot)")
            for root in sandbox.certsRoots.dropFirst() {
                let installed = root.appendingPathComponent("\(cluster.registry.host)/ca.crt")
                #expect(try String(contentsOf: installed, encoding: .utf8) == (try sandbox.authority.certificatePEM), "\(installed.path)")
            }
            #expect(!FileManager.default.fileExists(atPath: sandbox.certsRoots[0].appendingPathComponent(cluster.registry.host).path))
        }
    }

    @Test("no desktop keyring: a bound login needs none; setup stores no copy, says so once, and podman works")
    func noKeyring() async throws {
        try await withSandbox { sandbox in
            let cluster = try await Cluster.make(sandbox, keyring: false)
            let setup = try await sandbox.regctl(["setup", "--scope", "user"])
            try #require(setup.status == 0, "\(setup)")
            #expect(setup.stderr.components(separatedBy: "no copy is stored").count == 2, "said once: \(setup.stderr)")
            try await cluster.pushAndPullWithPodman()
            #expect(filesContaining(cluster.token, under: sandbox.root) == [sandbox.kubeconfig.path], "no secret in any file regctl wrote")
        }
    }

    enum IngressBundle: String, CaseIterable, Sendable {
        case garbage
        case leafOnly = "leaf only"
    }

    @Test("hostile ingress bundles (not PEM, a leaf without its CA) are passed over: the fingerprint is asked for, nothing changes",
          arguments: IngressBundle.allCases)
    func hostileIngressBundles(kind: IngressBundle) async throws {
        try await withSandbox { sandbox in
            let cluster = try await Cluster.make(sandbox)
            switch kind {
            case .garbage: cluster.openShift.setIngressBundle("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n")
            case .leafOnly: cluster.openShift.setIngressBundle(try sandbox.authority.issueServerCertificate(for: ["oauth-openshift.apps.test"]).certificatePEM)
            }
            let before = sandbox.fileSnapshot()
            let result = try await sandbox.regctl(["setup", "--scope", "user"])
            #expect(result.status == 2, "\(kind): \(result)")
            #expect(result.stderr.contains("no CA the cluster publishes verifies it"), "\(result.stderr)")
            #expect(result.stderr.contains("--fingerprint \(CertificateSummary.fingerprint(of: sandbox.authority.root.certificate))"))
            #expect(sandbox.fileSnapshot() == before)
        }
    }

    enum Failure: String, CaseIterable, Sendable {
        case noRoute = "no route"
        case apiUnreachable = "API unreachable"
        case apiGarbage = "API garbage"
        case tokenRejected = "token rejected"
        case registryDown = "registry down"
        case runtimeDirectoryMissing = "runtime directory missing"
    }

    @Test("each failure: its own message and exit code; nothing changes beyond the steps that completed", arguments: Failure.allCases)
    func failures(kind: Failure) async throws {
        try await withSandbox { sandbox in
            let cluster = try await Cluster.make(sandbox)
            let runtime = sandbox.root.appendingPathComponent("run-gone")
            let closedAPI = "https://127.0.0.1:\(try sandbox.refusingPorts(1)[0])"
            switch kind {
            case .noRoute: cluster.openShift.exposeRegistry(host: nil)
            case .apiUnreachable:
                let text = try String(contentsOf: sandbox.kubeconfig, encoding: .utf8)
                try sandbox.write(text.replacingOccurrences(of: cluster.openShift.apiServer, with: closedAPI), to: sandbox.kubeconfig)
            case .apiGarbage:
                let server = try await LoopbackHTTPSServer(certificate: try sandbox.authority.issueServerCertificate()) { _ in
                    HTTPResponse(status: .ok, headers: ["Content-Type": "text/html"], body: Data("<html>a login page</html>".utf8))
                }
                sandbox.onShutdown { await server.stop() }
                let text = try String(contentsOf: sandbox.kubeconfig, encoding: .utf8)
                try sandbox.write(text.replacingOccurrences(of: cluster.openShift.apiServer, with: "https://\(server.host)"), to: sandbox.kubeconfig)
            case .tokenRejected: cluster.openShift.revoke(token: cluster.token)
            case .registryDown: await cluster.registry.stop()
            case .runtimeDirectoryMissing: sandbox.setEnvironment("XDG_RUNTIME_DIR", runtime.path)  // a session whose runtime directory is gone
            }
            let before = sandbox.fileSnapshot()
            let result = try await sandbox.regctl(["setup", "--scope", "user"])
            let (status, message): (Int32, String) = switch kind {
            case .noRoute: (1, "has no public registry route")
            case .apiUnreachable: (1, "cannot reach the API server \(closedAPI): connection refused")
            case .apiGarbage: (1, "does not answer like an OpenShift API server")
            case .tokenRejected: (1, "rejected the token of kubeconfig context")
            case .registryDown: (1, "cannot reach \(cluster.registry.host)")
            case .runtimeDirectoryMissing: (2, "XDG_RUNTIME_DIR is set to \(runtime.path), which does not exist")
            }
            #expect(result.status == status, "\(kind): \(result)")
            #expect(result.stderr.contains("Error: "), "\(kind): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(kind): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count <= 10, "short: \(result.stderr)")
            let after = sandbox.fileSnapshot()
            if kind == .runtimeDirectoryMissing {
                // The CA step completed and stays done (in the user scope's certs.d of containers,
                // rootless docker and rootless containerd); nothing else changed.
                #expect(result.stderr.contains("these steps are done"))
                let trustDirectories = ["containers", "docker", "containerd"].map { sandbox.configHome.appendingPathComponent($0).path }
                #expect(Set(after.keys).subtracting(before.keys).allSatisfy { file in trustDirectories.contains { file.hasPrefix($0) } })
                #expect(after[cluster.userCAFile.path] != nil)
                #expect(after.filter { before[$0.key] != nil } == before)
                try FileManager.default.createDirectory(at: runtime, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                let again = try await sandbox.regctl(["setup", "--scope", "user"])
                #expect(again.status == 0, "running setup again continues: \(again)")
            } else {
                #expect(after == before, "\(kind): nothing may change")
            }
        }
    }
}
