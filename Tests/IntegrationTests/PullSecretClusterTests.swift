import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// Which cluster mints a pull secret's token: the one the login is bound to, one `--context`
/// names that names HOST as its registry, or `--context` with `--yes` — never the current
/// context of a login that is not bound.
@Suite("pull secrets: the minting cluster")
struct PullSecretClusterTests {
    static let context = "developer/api-test:6443/developer"

    @Test("a login not bound to a cluster, an unrelated current context: exit 2 naming the choices, no request to the cluster, nothing written; --context alone is refused while the cluster does not name HOST; --context --yes mints there and says so first")
    func unboundLogin() async throws {
        try await withSandbox { sandbox in
            let world = try await LoginTests.World.make(sandbox, user: "developer")
            let host = world.registry.host
            try await sandbox.regctl(["login", host, "--token-stdin", "--username", "developer"], stdin: world.token + "\n").required()
            world.openShift.exposeRegistry(host: nil)
            let before = sandbox.fileSnapshot()
            let asked = world.openShift.requestedPaths.count

            for extra in [[], ["--apply"], ["--namespace", "developer", "--service-account", "builder"]] {
                let refused = try await sandbox.regctl(["pull-secret", host] + extra)
                #expect(refused.status == 2, "\(extra): \(refused)")
                #expect(refused.stdout.isEmpty)
                #expect(refused.stderr.contains("the login to \(host) is not bound to a cluster"), "\(refused.stderr)")
                #expect(refused.stderr.contains("regctl login \(host) --context C") && refused.stderr.contains("--yes"), "the choices: \(refused.stderr)")
            }
            #expect(world.openShift.requestedPaths.count == asked, "no request to the cluster: \(world.openShift.requestedPaths.dropFirst(asked))")
            #expect(world.openShift.secrets.isEmpty)
            #expect(sandbox.fileSnapshot() == before, "nothing written")

            let unnamed = try await sandbox.regctl(["pull-secret", host, "--context", Self.context])
            #expect(unnamed.status == 2, "\(unnamed)")
            #expect(unnamed.stderr.contains("\(host) is not a registry the cluster \(world.openShift.apiServer) names"), "\(unnamed.stderr)")
            #expect(unnamed.stderr.contains("Add --yes to use context \(Self.context) all the same"), "\(unnamed.stderr)")
            #expect(!world.openShift.requestedPaths.dropFirst(asked).contains { $0.contains("serviceaccounts") }, "no token minted")

            let yes = try await sandbox.regctl(["pull-secret", host, "--context", Self.context, "--yes", "--output", "json"])
            try #require(yes.succeeded, "\(yes)")
            #expect(yes.stderr.contains(
                "because of --yes, the cluster \(world.openShift.apiServer) (context \(Self.context)) mints a token of service account default that goes to \(host)"
            ), "said before: \(yes.stderr)")
            let secret = try JSONValue(parsing: yes.stdout)
            #expect(secret["metadata"]?["namespace"]?.stringValue == "developer", "the namespace of the named context")
            let config = try JSONValue(parsing: String(decoding: Data(base64Encoded: secret["data"]?[".dockerconfigjson"]?.stringValue ?? "") ?? Data(), as: UTF8.self))
            let token = try #require(config["auths"]?[host]?["password"]?.stringValue)
            #expect(token != world.token && world.openShift.expiry(of: token) != nil, "a token the named cluster minted")
        }
    }

    @Test("--context whose cluster names HOST as its registry (the stand-in exposes it): no --yes needed; --yes without --context is a usage error")
    func namedCluster() async throws {
        try await withSandbox { sandbox in
            let world = try await LoginTests.World.make(sandbox, user: "developer")
            let host = world.registry.host
            try await sandbox.regctl(["login", host, "--token-stdin", "--username", "developer"], stdin: world.token + "\n").required()
            let made = try await sandbox.regctl(["pull-secret", host, "--context", Self.context, "--output", "json"])
            #expect(made.succeeded, "\(made)")
            #expect(!made.stderr.contains("because of --yes"), "\(made.stderr)")

            let lone = try await sandbox.regctl(["pull-secret", host, "--yes"])
            #expect(lone.status == 2 && lone.stderr.contains("--yes goes with --context"), "\(lone)")
        }
    }
}
