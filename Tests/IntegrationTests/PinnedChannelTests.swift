import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// A pin is a pin: the cluster API and its OAuth server are verified with the kubeconfig's
/// CA (or `--certificate-authority`) alone. A man in the middle whose certificate the
/// system trusts — its CA in the system store of a private mount namespace that regctl runs
/// in — gets no request at all: no token, no password.
@Suite("pinned channels")
struct PinnedChannelTests {
    /// The cluster, and a man in the middle on 127.0.0.1 with a certificate of a rogue CA.
    struct World {
        let cluster: SetupTests.Cluster
        let rogue: TestCertificateAuthority
        let mitm: RecordingServer

        static func make(_ sandbox: Sandbox) async throws -> World {
            let cluster = try await SetupTests.Cluster.make(sandbox)
            let rogue = try TestCertificateAuthority(name: "rogue CA")
            return World(cluster: cluster, rogue: rogue, mitm: try await sandbox.startRecordingServer(certifiedBy: rogue))
        }

        /// Points the kubeconfig at the man in the middle, with the cluster's real CA or none.
        func divertKubeconfig(pinning: Bool) throws {
            let sandbox = cluster.sandbox
            let ca = try pinning ? "    certificate-authority-data: \(Data(sandbox.authority.certificatePEM.utf8).base64EncodedString())\n" : ""
            try sandbox.write("""
                apiVersion: v1
                kind: Config
                clusters:
                - cluster:
                \(ca)    server: \(mitm.url)
                  name: api-test:6443
                contexts:
                - context:
                    cluster: api-test:6443
                    user: developer
                  name: developer
                current-context: developer
                users:
                - name: developer
                  user:
                    token: \(cluster.token)

                """, to: sandbox.kubeconfig)
        }

        /// Installs the registry's own CA for the user, so that only the cluster's channel can fail.
        func trustRegistry() async throws {
            let sandbox = cluster.sandbox
            let trust = try await sandbox.regctl(["trust", "install", cluster.registry.host, "--ca-file", try sandbox.writeCAFile(), "--scope", "user"])
            guard trust.succeeded else { throw HarnessError("trust install failed: \(trust)") }
        }

        /// Whether the keyring holds anything for the registry, read with docker's own helper.
        func keyringHoldsLogin() async throws -> Bool {
            try await cluster.sandbox.run(["docker-credential-secretservice", "get"], stdin: cluster.registry.host).succeeded
        }
    }

    static let unknownCA = "its certificate does not verify (unknown certificate authority"

    @Test("kubeconfig pinned to the cluster's CA: trust install --from-cluster and login fail on TLS, the MITM gets no request, nothing is written")
    func kubeconfigPin() async throws {
        try await withSandbox { sandbox in
            let world = try await World.make(sandbox)
            try world.divertKubeconfig(pinning: true)
            let host = world.cluster.registry.host
            let before = sandbox.fileSnapshot()
            let trust = try await sandbox.regctl(["trust", "install", host, "--from-cluster", "--scope", "user"], systemTrusting: world.rogue)
            #expect(trust.status == 1, "\(trust)")
            #expect(trust.stderr.contains("the TLS certificate of the API server \(world.mitm.url) is not trusted: \(Self.unknownCA)"), "\(trust.stderr)")
            #expect(sandbox.fileSnapshot() == before, "nothing installed")

            try await world.trustRegistry()
            let installed = sandbox.fileSnapshot()
            let login = try await sandbox.regctl(["login", host], systemTrusting: world.rogue)
            #expect(login.status == 2, "\(login)")
            #expect(login.stderr.contains("could not be asked whether \(host) is its registry: the TLS certificate of the API server \(world.mitm.url) is not trusted: \(Self.unknownCA)"), "\(login.stderr)")
            #expect(login.stderr.contains("the cluster token was not sent"), "\(login.stderr)")
            #expect(sandbox.fileSnapshot() == installed, "nothing saved")
            let stored = try await world.keyringHoldsLogin()
            #expect(!stored, "nothing in the keyring")
            #expect(world.mitm.requests.isEmpty, "the MITM got: \(world.mitm.requests.map(\.path))")
        }
    }

    @Test("control: a kubeconfig without a CA trusts the system roots, so in the same namespace the MITM gets the token")
    func systemRootsReachTheMITM() async throws {
        try await withSandbox { sandbox in
            let world = try await World.make(sandbox)
            try world.divertKubeconfig(pinning: false)
            try await world.trustRegistry()
            let login = try await sandbox.regctl(["login", world.cluster.registry.host], systemTrusting: world.rogue)
            #expect(!login.stderr.contains(Self.unknownCA), "\(login)")
            let received = world.mitm.requests
            #expect(!received.isEmpty, "the rogue CA is not system-trusted in the namespace: \(login)")
            #expect(received.contains { $0.headers.first(name: "Authorization") == "Bearer \(world.cluster.token)" }, "\(received.map(\.path))")
        }
    }

    @Test("password login with --certificate-authority at a MITM API server: TLS fails before the OAuth discovery, the MITM gets no request")
    func passwordAtMITMServer() async throws {
        try await withSandbox { sandbox in
            let world = try await World.make(sandbox)
            try FileManager.default.removeItem(at: sandbox.kubeconfig)
            let caFile = try sandbox.writeCAFile()
            let before = sandbox.fileSnapshot()
            let login = try await sandbox.regctl(
                ["login", world.cluster.registry.host, "--server", world.mitm.url, "--username", "developer", "--password-stdin",
                 "--certificate-authority", caFile],
                stdin: PasswordLoginTests.password + "\n", systemTrusting: world.rogue)
            #expect(login.status == 1, "\(login)")
            #expect(login.stderr.contains("cannot verify \(world.mitm.url): \(Self.unknownCA)"), "\(login.stderr)")
            #expect(world.mitm.requests.isEmpty, "the MITM got: \(world.mitm.requests.map(\.path))")
            #expect(sandbox.fileSnapshot() == before, "nothing saved")
        }
    }

    enum CASource: String, CaseIterable { case flag = "--certificate-authority", kubeconfig = "the kubeconfig's CA for the server" }

    @Test("password login, the real API naming a MITM as its OAuth server: the password never reaches it", arguments: CASource.allCases)
    func passwordAtMITMOAuthServer(_ source: CASource) async throws {
        try await withSandbox { sandbox in
            let world = try await World.make(sandbox)
            let openShift = world.cluster.openShift
            openShift.addUser("developer", password: PasswordLoginTests.password)
            openShift.setOAuthIssuer(world.mitm.url)
            var arguments = ["login", world.cluster.registry.host, "--server", openShift.apiServer, "--username", "developer", "--password-stdin"]
            if source == .flag {
                try FileManager.default.removeItem(at: sandbox.kubeconfig)
                arguments += ["--certificate-authority", try sandbox.writeCAFile()]
            }
            let login = try await sandbox.regctl(arguments, stdin: PasswordLoginTests.password + "\n", systemTrusting: world.rogue)
            #expect(login.status == 1, "\(login)")
            #expect(login.stderr.contains("cannot verify \(world.mitm.url)/oauth/authorize: \(Self.unknownCA)"), "\(login.stderr)")
            #expect(openShift.requestedPaths.contains("/.well-known/oauth-authorization-server"), "the API was asked, with its pin")
            #expect(world.mitm.requests.isEmpty, "the MITM got: \(world.mitm.requests.map { "\($0.path) \($0.headers.first(name: "Authorization") ?? "")" })")
            #expect(openShift.verifiedCodeExchanges == 0)
            let stored = try await world.keyringHoldsLogin()
            #expect(!stored, "nothing in the keyring")
        }
    }
}
