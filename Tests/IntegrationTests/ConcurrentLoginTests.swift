import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// 64 `regctl login`s to 64 real registries at once, then 64 `logout`s at once, while podman
/// logs in to other registries and writes the same auth.json — without a lock, as it does.
@Suite("concurrent logins")
struct ConcurrentLoginTests {
    static let count = 64
    /// htpasswd registries podman logs in to, each under two names (127.0.0.1 and localhost).
    static let podmanRegistries = 4
    static let passwords = ["alice": "alice-\(UUID().uuidString.prefix(8))", "bob": "bob-\(UUID().uuidString.prefix(8))"]

    @Test("64 logins at once, then 64 logouts, podman logging in meanwhile: no podman entry lost; config.json, keyring and regctl's config hold exactly the 64, then none")
    func sixtyFourAtOnce() async throws {
        try await withSandbox { sandbox in
            sandbox.desktopAuthFiles()
            _ = try await sandbox.startKeyring()
            let openShift = try await sandbox.startOpenShift()
            var start = ContinuousClock.now
            let hosts = try await sandbox.startRegistries(Self.count, .token(openShift)).map(\.host)
            print("concurrent logins: \(Self.count) token registries started at once in \((ContinuousClock.now - start).inSeconds)")
            let podmanHosts = try await sandbox.startRegistries(Self.podmanRegistries, .htpasswd(Self.passwords)).flatMap {
                [$0.host, $0.host.replacingOccurrences(of: "127.0.0.1", with: "localhost")]
            }
            // podman keeps its own logins in clear in the auth.json it shares with regctl.
            for password in Self.passwords.values { sandbox.allowSecret(password, in: sandbox.containersAuthFile) }
            let token = "sha256~\(UUID().uuidString)"
            openShift.grant(token: token, to: "developer")
            try sandbox.writeKubeconfig(openShift: openShift, token: token)
            let ca = try sandbox.writeCAFile()
            start = ContinuousClock.now
            let trusts = try await sandbox.regctlAtOnce((hosts + podmanHosts).map { ["trust", "install", $0, "--ca-file", ca, "--scope", "user"] })
            print("concurrent logins: \(trusts.count) `regctl trust install` at once took \((ContinuousClock.now - start).inSeconds)")
            try #require(trusts.filter { !$0.succeeded }.isEmpty, "\(trusts.filter { !$0.succeeded })")

            // Entries that were there before, in each of the three stores.
            try sandbox.write(#"{"auths": {"quay.example": {"auth": "cXVheTpzZWNyZXQ="}}}"#, to: sandbox.containersAuthFile)
            try sandbox.write(#"{"psFormat": "table {{.ID}}", "credHelpers": {"gcr.io": "gcloud"}, "auths": {"other.example": {"auth": "b3RoZXI6c2VjcmV0"}}}"#, to: sandbox.dockerConfigFile)
            try await require(sandbox.run(["docker-credential-secretservice", "store"], stdin: #"{"ServerURL": "keyring.example", "Username": "someone", "Secret": "kept"}"#))
            let dockerBefore = try #require(try sandbox.readJSON(sandbox.dockerConfigFile))
            let keyringBefore = try await sandbox.keyringServers()

            // 64 logins at once; the cluster names one registry, so the other 63 need --yes. The
            // user name is given: under this load the cluster's users/~ may time out (the name then
            // falls back to "openshift", as LoginTests.userLookupFallback proves), which is not
            // what this test is about.
            let logins = try await phase(sandbox, hosts.map { ["login", $0, "-v", "--yes", "--username", "developer"] }, podmanHosts: podmanHosts, user: "alice")
            #expect(logins.failures.isEmpty, "\(logins.failures)")
            let otherWarnings = logins.warnings.filter { $0.stderr.split(separator: "\n").contains { $0.contains("warning:") && !$0.contains("because of --yes") } }
            #expect(otherWarnings.isEmpty, "a busy keyring is not a missing one: \(otherWarnings)")
            try expectPodmanEntries(sandbox, podmanHosts, user: "alice")
            let docker = try #require(try sandbox.readJSON(sandbox.dockerConfigFile))
            #expect(docker.lost(from: dockerBefore) == [])
            #expect(try sandbox.entries("credHelpers", in: sandbox.dockerConfigFile) == Set(hosts + ["gcr.io"]))
            #expect(hosts.allSatisfy { docker["credHelpers"]?[$0]?.stringValue == "regctl" })
            let keyring = try await sandbox.keyringServers()
            let expected = keyringBefore.merging(hosts.map { ($0, "developer") }) { old, _ in old }
            #expect(keyring == expected, "missing: \(expected.filter { keyring[$0.key] != $0.value }), unexpected: \(keyring.filter { expected[$0.key] != $0.value })")
            #expect(try sandbox.entries("registries", in: sandbox.regctlConfigFile) == Set(hosts))
            let wired = try sandbox.entries("credHelpers", in: sandbox.containersAuthFile)
            #expect(wired.isSubset(of: Set(hosts)), "auth.json holds no helper entry but regctl's")
            let dropped = hosts.filter { !wired.contains($0) }
            print("concurrent logins: podman's unlocked writes dropped \(dropped.count) of regctl's \(Self.count) auth.json entries")

            // Dropped or not, podman finds every registry through config.json's credHelpers.
            let sample = Array(dropped.prefix(4)) + hosts.filter(wired.contains).prefix(2)
            for host in sample {
                #expect(try await require(sandbox.podman(["login", "--get-login", host])).stdout == "developer\n", "\(host)")
            }
            let image = try await sandbox.makeTestImage()
            try await require(sandbox.run(["skopeo", "copy", image.reference, "docker://\(sample[0])/developer/app:1"]))
            try await require(sandbox.podman(["pull", "\(sample[0])/developer/app:1"]))

            // 64 logouts at once.
            let logouts = try await phase(sandbox, hosts.map { ["logout", $0, "-v"] }, podmanHosts: podmanHosts, user: "bob")
            #expect(logouts.failures.isEmpty, "\(logouts.failures)")
            #expect(logouts.warnings.isEmpty, "\(logouts.warnings)")
            try expectPodmanEntries(sandbox, podmanHosts, user: "bob")
            #expect(try sandbox.readJSON(sandbox.dockerConfigFile)?.lost(from: dockerBefore) == [])
            #expect(try sandbox.entries("credHelpers", in: sandbox.dockerConfigFile) == ["gcr.io"])
            let keyringAfter = try await sandbox.keyringServers()
            let left = Set(keyringAfter.keys).subtracting(keyringBefore.keys)
            #expect(keyringAfter == keyringBefore, "left in the keyring: \(left.sorted()); their logouts: \(logouts.results.filter { left.contains($0.arguments[2]) })")
            #expect(try sandbox.entries("registries", in: sandbox.regctlConfigFile).isEmpty)
            let revived = try sandbox.entries("credHelpers", in: sandbox.containersAuthFile)
            #expect(revived.isSubset(of: Set(hosts)))
            print("concurrent logins: podman's unlocked writes brought back \(revived.count) of the \(Self.count) auth.json entries regctl removed")
        }
    }

    /// What one phase did.
    struct Phase {
        let results: [CommandResult]
        let failures: [CommandResult]
        /// Runs that succeeded with a warning (such as a keyring taken for missing).
        let warnings: [CommandResult]
    }

    /// Starts every regctl command at once and meanwhile logs podman in to each of
    /// `podmanHosts` once, one after another (so podman never races itself), as `user`.
    func phase(_ sandbox: Sandbox, _ commands: [[String]], podmanHosts: [String], user: String) async throws -> Phase {
        let start = ContinuousClock.now
        async let regctl = sandbox.regctlAtOnce(commands)
        var podmanStarts: [Duration] = []
        for host in podmanHosts {
            podmanStarts.append(ContinuousClock.now - start)
            try await require(sandbox.podman(["login", host, "-u", user, "--password-stdin"], stdin: Self.passwords[user] ?? ""))
        }
        let results = try await regctl
        let times = results.map(\.elapsed).sorted()
        let last = times.last ?? .zero
        let name = commands.first?.first ?? ""
        let restarts = results.map { $0.stderr.components(separatedBy: "another program replaced").count - 1 }.reduce(0, +)
        // `-v` logs each keyring call: "[keyring] +T look-up: connected in A ms, done in B ms".
        let keyringCalls = results.flatMap { $0.stderr.matches(of: #/\[keyring\] \S+ [\w-]+: connected in (\d+) ms, done in (\d+) ms/#).map { Int($0.output.1)! + Int($0.output.2)! } }
        print("concurrent logins: \(results.count) `regctl \(name)` at once: all done in \(last.inSeconds) (each \((times.first ?? .zero).inSeconds) to \(last.inSeconds), median \(times[times.count / 2].inSeconds)); \(podmanStarts.filter { $0 < last }.count) of \(podmanHosts.count) podman logins started meanwhile; regctl found a file replaced under its edit and started over \(restarts) times; \(keyringCalls.count) keyring calls, the slowest \(keyringCalls.max() ?? 0) ms")
        return Phase(results: results, failures: results.filter { !$0.succeeded }, warnings: results.filter { $0.succeeded && $0.stderr.contains("warning:") })
    }

    /// Every podman login of the phase is in auth.json, as `user`.
    func expectPodmanEntries(_ sandbox: Sandbox, _ hosts: [String], user: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let auth = try #require(try sandbox.readJSON(sandbox.containersAuthFile), sourceLocation: sourceLocation)
        let expected = Data("\(user):\(Self.passwords[user] ?? "")".utf8).base64EncodedString()
        let lost = hosts.filter { auth["auths"]?[$0]?["auth"]?.stringValue != expected }
        #expect(lost.isEmpty, "podman logins lost or reverted: \(lost)", sourceLocation: sourceLocation)
        #expect(auth["auths"]?["quay.example"]?["auth"]?.stringValue == "cXVheTpzZWNyZXQ=", sourceLocation: sourceLocation)
    }
}
