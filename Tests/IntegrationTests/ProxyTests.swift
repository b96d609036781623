import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// Corporate networks: a real squid proxy on loopback that alone resolves `registry.test`
/// and `api.test`, as a proxy alone reaches the outside on such a workstation.
@Suite("proxies")
struct ProxyTests {
    /// A stand-in cluster at `api.test`, its token registry (and token service) at `registry.test`, trusted, a
    /// kubeconfig with a granted token, a keyring and the proxy.
    struct World {
        let sandbox: Sandbox
        let openShift: OpenShiftStandIn
        let registry: RegistryServer
        let proxy: ProxyServer
        /// `registry.test:PORT`.
        let host: String
        let token: String

        static func make(_ sandbox: Sandbox, proxyCredentials: (user: String, password: String)? = nil) async throws -> World {
            _ = try await sandbox.startKeyring()
            let openShift = try await sandbox.startOpenShift(hostName: "api.test")
            let registry = try await sandbox.startRegistry(.token(openShift), serverNames: ["registry.test", "127.0.0.1"], realmHostName: "registry.test")
            let host = "registry.test:\(registry.host.split(separator: ":").last!)"
            openShift.exposeRegistry(host: host)
            let proxy = try await sandbox.startProxy(resolving: ["registry.test", "api.test"], credentials: proxyCredentials)
            let token = "sha256~\(UUID().uuidString)"
            openShift.grant(token: token, to: "developer")
            try sandbox.writeKubeconfig(openShift: openShift, token: token)
            return World(sandbox: sandbox, openShift: openShift, registry: registry, proxy: proxy, host: host, token: token)
        }

        var apiHost: String { "api.test:\(openShift.server.port)" }

        func trust() async throws {
            try #require(try await sandbox.regctl(["trust", "install", host, "--ca-file", try sandbox.writeCAFile(), "--scope", "user"]).succeeded)
        }
    }

    @Test("HTTPS_PROXY: setup and login go through the proxy (its log shows the registry, the realm and the API), status says so, podman pulls")
    func throughTheProxy() async throws {
        try await withSandbox { sandbox in
            let world = try await World.make(sandbox)
            let unproxied = try await sandbox.regctl(["setup", "--scope", "user"])
            #expect(unproxied.status == 1, "without the proxy the names do not resolve: \(unproxied)")

            sandbox.setEnvironment("HTTPS_PROXY", world.proxy.url())
            let setup = try await sandbox.regctl(["setup", "--scope", "user"])
            try #require(setup.status == 0, "\(setup)")
            #expect(setup.stdout.hasPrefix("\(world.host) is set up for podman and skopeo."), "\(setup.stdout)")
            let connects = await world.proxy.connects()
            #expect(connects.contains { $0.target == world.host && $0.status == 200 }, "the registry: \(connects)")
            #expect(connects.contains { $0.target == world.apiHost && $0.status == 200 }, "the API: \(connects)")
            #expect(connects.contains { $0.target.hasPrefix("registry.test:") && $0.target != world.host && $0.status == 200 }, "the realm: \(connects)")

            let status = try await sandbox.regctl(["status"])
            #expect(status.status == 0, "\(status)")
            #expect(status.stdout.contains("\(world.host): through the proxy \(world.proxy.url())"), "\(status.stdout)")
            let json = try JSONValue(parsing: try await sandbox.regctl(["status", "--json"]).stdout)
            guard case .array(let registries)? = json["registries"] else { Issue.record("no registries: \(json)"); return }
            #expect(registries.first?["proxy"]?.stringValue == world.proxy.url())

            let image = try await sandbox.makeTestImage()
            #expect(try await sandbox.run(["skopeo", "copy", image.reference, "docker://\(world.host)/developer/app:1"]).succeeded)
            let pull = try await sandbox.podman(["pull", "--quiet", "\(world.host)/developer/app:1"])
            #expect(pull.succeeded, "podman through the same proxy, with regctl's helper: \(pull)")
        }
    }

    @Test("NO_PROXY names the registry (as a domain suffix, host:port, or *): the proxy sees no CONNECT to it, as skopeo's does not",
          arguments: [".test", "registry.test", "*"])
    func noProxy(entry: String) async throws {
        try await withSandbox { sandbox in
            let world = try await World.make(sandbox)
            try await world.trust()
            sandbox.setEnvironment("HTTPS_PROXY", world.proxy.url())
            sandbox.setEnvironment("no_proxy", "example.org, \(entry == "registry.test" ? world.host : entry)")
            let before = sandbox.fileSnapshot()
            let login = try await sandbox.regctl(["login", world.host])
            #expect(login.status == 1, "direct, so registry.test does not resolve: \(login)")
            #expect(login.stderr.contains("cannot reach \(world.host)"), "\(login.stderr)")
            #expect(sandbox.fileSnapshot() == before)
            let skopeo = try await sandbox.run(["skopeo", "inspect", "docker://\(world.host)/developer/app:1"])
            #expect(!skopeo.succeeded)
            let connects = await world.proxy.connects()
            #expect(!connects.contains { $0.target == world.host }, "\(connects)")
        }
    }

    @Test("a kubeconfig's proxy-url carries the API requests and not the registry's")
    func kubeconfigProxyURL() async throws {
        try await withSandbox { sandbox in
            _ = try await sandbox.startKeyring()
            let openShift = try await sandbox.startOpenShift(hostName: "api.test")
            // A registry whose realm is its own loopback endpoint, reached directly.
            let registryCA = try TestCertificateAuthority(name: "registry CA")
            let registry = try await sandbox.startRegistry(.token(openShift), authority: registryCA)
            let proxy = try await sandbox.startProxy(resolving: ["api.test"])
            let token = "sha256~\(UUID().uuidString)"
            openShift.grant(token: token, to: "developer")
            try sandbox.writeKubeconfig(openShift: openShift, token: token)
            let kubeconfig = try String(contentsOf: sandbox.kubeconfig, encoding: .utf8)
            try sandbox.write(kubeconfig.replacingOccurrences(of: "    server: ", with: "    proxy-url: \(proxy.url())\n    server: "), to: sandbox.kubeconfig)
            try #require(try await sandbox.regctl(["trust", "install", registry.host, "--ca-file", try sandbox.writeCAFile(try registryCA.certificatePEM), "--scope", "user"]).succeeded)

            let login = try await sandbox.regctl(["login", registry.host])
            #expect(login.status == 0, "\(login)")
            #expect(login.stdout.contains("as developer"), "the user came from the API, through the proxy: \(login.stdout)")
            let connects = await proxy.connects()
            #expect(connects.contains { $0.target == "api.test:\(openShift.server.port)" }, "\(connects)")
            #expect(connects.allSatisfy { $0.target.hasPrefix("api.test:") }, "the registry went direct: \(connects)")
        }
    }

    @Test("a proxy that wants credentials: without them a clear error; with them in the URL login works and -v never shows them")
    func proxyCredentials() async throws {
        try await withSandbox { sandbox in
            let password = "proxy-\(UUID().uuidString)"
            let world = try await World.make(sandbox, proxyCredentials: ("alice", password))
            try await world.trust()
            sandbox.setEnvironment("HTTPS_PROXY", world.proxy.url())
            let before = sandbox.fileSnapshot()
            let refused = try await sandbox.regctl(["login", world.host])
            #expect(refused.status == 1, "\(refused)")
            #expect(refused.stderr.contains("the proxy at \(world.proxy.url()) wants credentials (HTTP 407)"), "\(refused.stderr)")
            #expect(sandbox.fileSnapshot() == before)

            sandbox.setEnvironment("HTTPS_PROXY", world.proxy.url(user: "alice", password: password))
            let login = try await sandbox.regctl(["login", world.host, "-v"])
            #expect(login.status == 0, "\(login)")
            #expect(login.stderr.contains("through the proxy http://alice:***@127.0.0.1:\(world.proxy.port)"), "\(login.stderr)")
            #expect(!login.stdout.contains(password) && !login.stderr.contains(password))
            let encoded = Data("alice:\(password)".utf8).base64EncodedString()
            #expect(!login.stderr.contains(encoded))
            let status = try await sandbox.regctl(["status", "--json"])
            #expect(!status.stdout.contains(password) && status.stdout.contains("alice:***@"), "\(status.stdout)")
        }
    }

    @Test("HTTPS_PROXY at a closed port: an error naming the proxy, exit 1, no file changed")
    func closedProxy() async throws {
        try await withSandbox { sandbox in
            let world = try await World.make(sandbox)
            try await world.trust()
            let proxy = "http://127.0.0.1:\(try sandbox.refusingPorts(1)[0])"
            sandbox.setEnvironment("HTTPS_PROXY", proxy)
            let before = sandbox.fileSnapshot()
            for arguments in [["login", world.host], ["setup", "--scope", "user"], ["trust", "install", world.host, "--from-server", "--scope", "user", "--yes"]] {
                let result = try await sandbox.regctl(arguments)
                #expect(result.status == 1, "\(result)")
                #expect(result.stderr.contains("the proxy at \(proxy) cannot be reached (connection refused)"), "\(result.stderr)")
                #expect(sandbox.fileSnapshot() == before, "\(arguments)")
            }
        }
    }
}
