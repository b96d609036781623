import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// A cluster token goes to the cluster's own registry, and elsewhere only with consent:
/// `regctl login HOST` for a HOST the cluster does not name, or whose token service is on
/// another host name, asks (or takes `--yes`) and otherwise sends nothing.
@Suite("cluster token destinations")
struct TokenDestinationTests {
    private var regctl: String { Sandbox.productsDirectory.appendingPathComponent("regctl").path }

    /// Requests for a registry token the stand-in has answered: each one carried the cluster token.
    private func tokenRequests(_ openShift: OpenShiftStandIn) -> Int {
        openShift.requestedPaths.filter { $0.hasPrefix("/openshift/token") }.count
    }

    @Test("a registry the cluster names (seen through the openshift image streams): no question")
    func namedRegistry() async throws {
        try await withSandbox { sandbox in
            let world = try await LoginTests.World.make(sandbox, user: "developer")
            let login = try await sandbox.regctl(["login", world.registry.host])
            #expect(login.status == 0, "\(login)")
            #expect(!login.stderr.contains("does not name"), "\(login.stderr)")
            #expect(world.openShift.requestedPaths.contains("/apis/image.openshift.io/v1/namespaces/openshift/imagestreams"))
        }
    }

    @Test("a registry the cluster does not name: without a terminal exit 2, the token never sent, nothing saved; --yes sends it and says so")
    func otherRegistry() async throws {
        try await withSandbox { sandbox in
            let world = try await LoginTests.World.make(sandbox)
            let other = try await sandbox.startRegistry(.token(world.openShift))
            _ = try await sandbox.regctl(["trust", "install", other.host, "--ca-file", try sandbox.writeCAFile(), "--scope", "user"]).required()
            let before = sandbox.fileSnapshot()
            let requestsBefore = tokenRequests(world.openShift)

            let refused = try await sandbox.regctl(["login", other.host])
            #expect(refused.status == 2, "\(refused)")
            #expect(refused.stderr.contains("\(other.host) is not a registry the cluster \(world.openShift.apiServer) names (it names \(world.registry.host)"), "\(refused.stderr)")
            #expect(refused.stderr.contains("the cluster token was not sent"), "\(refused.stderr)")
            #expect(refused.stderr.contains("run again with --yes"), "\(refused.stderr)")
            #expect(tokenRequests(world.openShift) == requestsBefore, "no token request may reach the token service")
            #expect(sandbox.fileSnapshot() == before, "nothing may change")

            let agreed = try await sandbox.regctl(["login", other.host, "--yes"])
            #expect(agreed.status == 0, "\(agreed)")
            #expect(!agreed.stderr.contains("is not a registry the cluster"), "--yes: the cluster is not asked: \(agreed.stderr)")

            // Bound to the cluster now: a second login asks nothing, and asks the cluster nothing.
            let pathsBefore = world.openShift.requestedPaths.count
            let again = try await sandbox.regctl(["login", other.host])
            #expect(again.status == 0, "\(again)")
            #expect(!again.stderr.contains("is not a registry"), "\(again.stderr)")
            #expect(!world.openShift.requestedPaths[pathsBefore...].contains { $0.contains("imagestreams") })
        }
    }

    @Test("a registry the cluster does not name that records every request: no request carries the token, no keyring item is made for it")
    func otherRegistryRecorded() async throws {
        try await withSandbox { sandbox in
            let world = try await LoginTests.World.make(sandbox)
            let foreign = try await sandbox.startRecordingServer(certifiedBy: sandbox.authority)
            _ = try await sandbox.regctl(["trust", "install", foreign.server.host, "--ca-file", try sandbox.writeCAFile(), "--scope", "user"]).required()
            let before = sandbox.fileSnapshot()

            let refused = try await sandbox.regctl(["login", foreign.server.host])
            #expect(refused.status == 2, "\(refused)")
            #expect(refused.stderr.contains("the cluster token was not sent"), "\(refused.stderr)")
            let carrying = foreign.requests.filter { request in
                let text = "\(request.path) \(request.headers) \(String(decoding: request.body, as: UTF8.self))"
                return text.contains(world.token) || !request.headers["Authorization"].isEmpty
            }
            #expect(carrying.isEmpty, "a request to the foreign registry carried a credential: \(carrying.map { "\($0.method) \($0.path)" })")
            #expect(try await sandbox.keyringServers()[foreign.server.host] == nil, "no keyring item for the foreign registry")
            #expect(sandbox.fileSnapshot() == before, "nothing may change")
        }
    }

    @Test("a token service on another host name than HOST: refused without consent, the token never sent")
    func realmOnAnotherHost() async throws {
        try await withSandbox { sandbox in
            _ = try await sandbox.startKeyring()
            // The registry's realm names the stand-in as "localhost"; HOST is 127.0.0.1.
            let openShift = try await sandbox.startOpenShift(hostName: "localhost")
            let registry = try await sandbox.startRegistry(.token(openShift))
            _ = try await sandbox.regctl(["trust", "install", registry.host, "--ca-file", try sandbox.writeCAFile(), "--scope", "user"]).required()
            let token = "sha256~\(UUID().uuidString)"
            openShift.grant(token: token, to: "developer")
            try sandbox.writeKubeconfig(openShift: openShift, token: token)
            let before = sandbox.fileSnapshot()

            let refused = try await sandbox.regctl(["login", registry.host])
            #expect(refused.status == 2, "\(refused)")
            #expect(refused.stderr.contains("\(registry.host) has the token checked by a token service on another host, localhost"), "\(refused.stderr)")
            #expect(!refused.stderr.contains("is not a registry the cluster"), "the cluster names HOST: \(refused.stderr)")
            #expect(tokenRequests(openShift) == 0)
            #expect(sandbox.fileSnapshot() == before)

            let agreed = try await sandbox.regctl(["login", registry.host, "--yes"])
            #expect(agreed.status == 0, "\(agreed)")
            #expect(agreed.stderr.contains("token service on another host, localhost; the token was sent because of --yes"), "\(agreed.stderr)")
            #expect(tokenRequests(openShift) == 1)
        }
    }

    @Test("at a terminal: the question names the concern; no sends nothing, yes logs in")
    func terminalQuestion() async throws {
        try await withSandbox { sandbox in
            let world = try await LoginTests.World.make(sandbox)
            let other = try await sandbox.startRegistry(.token(world.openShift))
            _ = try await sandbox.regctl(["trust", "install", other.host, "--ca-file", try sandbox.writeCAFile(), "--scope", "user"]).required()
            let requestsBefore = tokenRequests(world.openShift)
            for answer in ["n", "y"] {
                let terminal = try await sandbox.terminal("\(regctl) login \(other.host)")
                let question = try await terminal.waitFor("Send your cluster token to \(other.host)? [y/N]")
                #expect(question.contains("is not a registry the cluster"), "\(question)")
                try await terminal.send(answer, "Enter")
                let exit = try await terminal.exitCode()
                let screen = try await terminal.screen()
                #expect(exit == (answer == "y" ? 0 : 1), "\(answer): \(screen)")
                if answer == "n" { #expect(tokenRequests(world.openShift) == requestsBefore) }
            }
            #expect(tokenRequests(world.openShift) == requestsBefore + 1)
        }
    }
}
