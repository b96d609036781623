import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// SIGKILL at random moments of `regctl login`, `logout`, `trust install`, `trust remove` and
/// `setup`, 200 times, with the real registry, keyring, podman and docker around: afterwards,
/// and after every single kill, every file parses, nothing that was there before is lost (a
/// CA installed system-wide stays visible to podman), no lock is left behind, no leftover is
/// where a client reads, and the real clients still work.
@Suite("kill storm")
struct KillStormTests {
    /// What must survive the storm: entries podman, docker and an earlier regctl login made.
    struct Kept {
        var authJSON: JSONValue
        var dockerConfig: JSONValue
        var regctlConfig: JSONValue
        var keyring: [String: String]
        /// Every file of the trust installed for other hosts, with its bytes.
        var trustFiles: [String: Data]
    }

    static let password = "alice-\(UUID().uuidString.prefix(8))"
    static let dockerPassword = "bob-\(UUID().uuidString.prefix(8))"

    @Test("200 kills of login, logout, trust install, trust remove and setup: files parse, nothing kept is lost, no lock blocks, podman and docker still work")
    func killStorm() async throws {
        try await withSandbox { sandbox in
            sandbox.desktopAuthFiles()
            _ = try await sandbox.startKeyring()
            let openShift = try await sandbox.startOpenShift()
            async let stormRegistry = sandbox.startRegistry(.token(openShift))
            async let keptRegistry = sandbox.startRegistry(.token(openShift))
            async let podmanRegistry = sandbox.startRegistry(.htpasswd(["alice": Self.password, "bob": Self.dockerPassword]))
            let (storm, kept, other) = try await (stormRegistry.host, keptRegistry.host, podmanRegistry.host)
            // The same registries by another name: docker's login, and a host trusted system-wide only.
            let dockerHost = other.replacingOccurrences(of: "127.0.0.1", with: "localhost")
            let systemTrusted = storm.replacingOccurrences(of: "127.0.0.1", with: "localhost")
            openShift.exposeRegistry(host: storm)
            let token = "sha256~\(UUID().uuidString)"
            openShift.grant(token: token, to: "developer")
            try sandbox.writeKubeconfig(openShift: openShift, token: token)
            let ca = try sandbox.writeCAFile()
            let caPlus = try sandbox.writeCAFile(try sandbox.authority.certificatePEM + TestCertificateAuthority(name: "storm extra CA").certificatePEM, name: "ca-plus.pem")

            // Before the storm: trust for other hosts, podman's and docker's logins, a regctl login elsewhere.
            for host in [kept, other] {
                try await require(sandbox.regctl(["trust", "install", host, "--ca-file", ca, "--scope", "all"]))
            }
            try await require(sandbox.regctl(["trust", "install", systemTrusted, "--ca-file", ca, "--scope", "system"]))
            try await require(sandbox.podman(["login", other, "-u", "alice", "--password-stdin"], stdin: Self.password))
            // podman and docker keep their own logins in clear in the files they share with regctl.
            sandbox.allowSecret(Self.password, in: sandbox.containersAuthFile)
            sandbox.allowSecret(Self.dockerPassword, in: sandbox.dockerConfigFile)
            try sandbox.write(#"{"psFormat": "table {{.ID}}", "credHelpers": {"gcr.io": "gcloud"}}"#, to: sandbox.dockerConfigFile)
            try await dockerLogin(sandbox, host: dockerHost, ca: ca)
            try await require(sandbox.regctl(["login", kept, "--yes"]))
            let image = try await sandbox.makeTestImage()
            try await require(sandbox.run(["skopeo", "copy", image.reference, "docker://\(other)/team/kept:1"]))
            let before = try await keptState(sandbox, hosts: [kept, other], systemHosts: [systemTrusted])
            #expect(before.authJSON["auths"]?[other] != nil && before.authJSON["credHelpers"]?[kept]?.stringValue == "regctl")
            #expect(before.dockerConfig["credHelpers"]?[kept] != nil && before.dockerConfig["auths"]?[dockerHost] != nil)
            #expect(before.keyring[kept] != nil, "\(before.keyring)")

            // The median of three normal runs of each command, in an order where each one writes, is its kill window.
            let commands = try await KillStorm.measure(in: sandbox, [
                ("trust install", ["trust", "install", storm, "--ca-file", ca, "--yes", "--scope", "all"]),
                ("trust install", ["trust", "install", storm, "--ca-file", caPlus, "--yes", "--scope", "all"]),
                ("setup", ["setup", "--yes", "--scope", "all"]),
                ("logout", ["logout", storm]),
                ("login", ["login", storm]),
                ("trust install", ["trust", "install", systemTrusted, "--ca-file", ca, "--scope", "user"]),
                ("trust remove", ["trust", "remove", systemTrusted, "--scope", "user"]),
            ])
            for command in commands {
                print("kill storm: a normal `regctl \(command.arguments.joined(separator: " "))` takes \(command.window.inSeconds)")
            }

            var stray: Set<String> = []
            var written = writtenState(sandbox, keyring: before.keyring)
            var killedAfterWriting: [String: Int] = [:]
            var killer = KillStorm()
            let tally = try await killer.run(in: sandbox, commands, kills: 200) { round in
                if !round.killed {
                    #expect(round.result.status == 0, "a run that was not killed works: \(round.result)")
                }
                let keyring = try await sandbox.keyringServers()
                stray.formUnion(try check(sandbox, against: before, keyring: keyring, round: round, systemTrusted: systemTrusted))
                let now = writtenState(sandbox, keyring: keyring)
                if round.killed && now != written { killedAfterWriting[round.command.name, default: 0] += 1 }
                written = now
            }
            print(tally)
            // Few kills land after the first write (FileRaceTests covers those moments densely), but some must.
            print("kill storm: kills that came after the command had changed a file or the keyring: \(killedAfterWriting.values.reduce(0, +)) \(killedAfterWriting.sorted { $0.key < $1.key })")
            #expect(killedAfterWriting.values.reduce(0, +) >= 1, "no kill came after a write: the storm never hit a half-done change (seed \(tally.seed))")
            #expect(tally.totalKills >= 200)
            #expect(Set(tally.kills.keys) == ["login", "logout", "trust install", "trust remove", "setup"], "kills landed in every command: \(tally)")

            // After the storm: a normal login and status work, and so do the real clients.
            try await require(sandbox.regctl(["login", storm]))
            try await require(sandbox.regctl(["status"]))
            #expect(try await require(sandbox.podman(["login", "--get-login", storm])).stdout == "developer\n")
            #expect(try await require(sandbox.podman(["login", "--get-login", other])).stdout == "alice\n")
            try await require(sandbox.podman(["pull", "\(other)/team/kept:1"]))
            try await require(sandbox.run(["skopeo", "copy", image.reference, "docker://\(storm)/developer/after:1"]))
            try await require(sandbox.podman(["pull", "\(storm)/developer/after:1"]))
            // docker still reads its config.json: logging in again from it raises no warning.
            try await dockerLogin(sandbox, host: dockerHost, ca: ca)
            let config = try sandbox.readJSON(sandbox.dockerConfigFile)
            #expect(config?.lost(from: before.dockerConfig) == [])
            let left = try check(sandbox, against: before, keyring: try await sandbox.keyringServers(), round: nil, systemTrusted: systemTrusted)
            print("kill storm: killed writers left \(stray.count) temporary files, none where a client reads; \(left.count) still there at the end: \(left.sorted().map { $0.replacingOccurrences(of: sandbox.root.path + "/", with: "") })")
        }
    }

    /// Runs the storm's invariants; returns the leftover temporary files it saw.
    func check(_ sandbox: Sandbox, against before: Kept, keyring: [String: String], round: KillStorm.Round?, systemTrusted: String) throws -> Set<String> {
        let when = round.map { "after `\($0.result.arguments.dropFirst().joined(separator: " "))` \($0.killed ? "killed after \(($0.killedAfter ?? .zero).inSeconds)" : "ran to its end")" } ?? "after the storm"
        for (file, earlier) in [(sandbox.containersAuthFile, before.authJSON), (sandbox.dockerConfigFile, before.dockerConfig), (sandbox.regctlConfigFile, before.regctlConfig)] {
            let now = try sandbox.readJSON(file)
            #expect(now?.lost(from: earlier) == [], "\(file.lastPathComponent) lost entries \(when)")
        }
        #expect(before.keyring.allSatisfy { keyring[$0.key] == $0.value }, "keyring items lost \(when): \(keyring)")
        for (path, data) in before.trustFiles {
            #expect(FileManager.default.contents(atPath: path) == data, "\(path) changed \(when)")
        }
        for root in sandbox.certsRoots {
            for host in (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? [] {
                let file = root.appendingPathComponent("\(host)/ca.crt").path
                guard FileManager.default.fileExists(atPath: file) else { continue }
                #expect(throws: Never.self, "\(file) is not a PEM bundle \(when)") { _ = try CertificateBundle(contentsOf: file) }
            }
        }
        // podman uses the first certs.d directory of a host that exists: a directory without
        // ca.crt there would hide the system-wide CA.
        if let first = sandbox.certsRoots.map({ $0.appendingPathComponent(systemTrusted) }).first(where: { FileManager.default.fileExists(atPath: $0.path) }) {
            #expect(FileManager.default.fileExists(atPath: first.appendingPathComponent("ca.crt").path), "\(first.path) has no CA and hides the system's \(when)")
        }
        // A lock a killed process held is free again: this process can take each one at once.
        for directory in [sandbox.containersAuthFile, sandbox.dockerConfigFile, sandbox.regctlConfigFile].map({ $0.deletingLastPathComponent() }) {
            let lock = directory.appendingPathComponent(".config.json.lock").path
            for path in [lock, directory.appendingPathComponent(".auth.json.lock").path] where FileManager.default.fileExists(atPath: path) {
                let descriptor = open(path, O_RDWR | O_CLOEXEC)
                defer { close(descriptor) }
                #expect(flock(descriptor, LOCK_EX | LOCK_NB) == 0, "\(path) is still locked \(when)")
            }
        }
        let directories = [sandbox.containersAuthFile, sandbox.dockerConfigFile, sandbox.regctlConfigFile].map { $0.deletingLastPathComponent() }
        let stray = StrayFiles.find(in: directories + sandbox.certsRoots, expected: ["auth.json", "config.json", ".auth.json.lock", ".config.json.lock", "ca.crt"])
        #expect(stray.allSatisfy { !$0.isReadByClients }, "a client would read a leftover \(when): \(stray)")
        return Set(stray.map(\.path))
    }

    /// What a command may change: the three JSON files, the certs.d files, the keyring's servers.
    func writtenState(_ sandbox: Sandbox, keyring: [String: String]) -> [String: Data] {
        var state = sandbox.fileSnapshot().filter { !$0.key.contains(".regctl-") }
        state["keyring"] = Data(keyring.sorted { $0.key < $1.key }.description.utf8)
        return state
    }

    /// The state to keep: the three JSON files, the keyring's servers, the trust files of
    /// `hosts` in every certs.d root and of `systemHosts` in the system ones.
    func keptState(_ sandbox: Sandbox, hosts: [String], systemHosts: [String]) async throws -> Kept {
        let keyring = try await sandbox.keyringServers()
        var trust: [String: Data] = [:]
        for (index, root) in sandbox.certsRoots.enumerated() {
            for host in hosts + (index > 0 ? systemHosts : []) {
                let file = root.appendingPathComponent("\(host)/ca.crt").path
                let data = FileManager.default.contents(atPath: file)
                try #require(data != nil, "\(file) was installed")
                trust[file] = data
            }
        }
        return Kept(
            authJSON: try #require(try sandbox.readJSON(sandbox.containersAuthFile)),
            dockerConfig: try #require(try sandbox.readJSON(sandbox.dockerConfigFile)),
            regctlConfig: try #require(try sandbox.readJSON(sandbox.regctlConfigFile)),
            keyring: keyring, trustFiles: trust
        )
    }

    /// A real `docker login` (no daemon: it logs in from the client, trusting the sandbox CA
    /// through `SSL_CERT_FILE`; with no `credsStore` it keeps the credential in config.json's
    /// `auths`). A machine without the docker CLI fails here, naming the package.
    func dockerLogin(_ sandbox: Sandbox, host: String, ca: String) async throws {
        guard (try? ProgramRunner.executable("docker", path: sandbox.environment["PATH"])) != nil else {
            throw HarnessError("the kill storm needs the docker CLI, which is not on PATH: install the Debian package docker.io (scripts/install-deps does)")
        }
        let environment = ["SSL_CERT_FILE": ca, "DOCKER_HOST": "unix://\(sandbox.root.path)/no-docker-daemon.sock"]
        let login = try await require(sandbox.run(["docker", "login", host, "-u", "bob", "--password-stdin"], stdin: Self.dockerPassword, adding: environment))
        #expect(!login.stderr.localizedCaseInsensitiveContains("error loading"), "docker reads its config.json: \(login.stderr)")
    }
}

/// The result of a program that must succeed; records the failure and throws otherwise.
@discardableResult
func require(_ result: CommandResult, sourceLocation: SourceLocation = #_sourceLocation) throws -> CommandResult {
    try #require(result.succeeded, "\(result)", sourceLocation: sourceLocation)
    return result
}
