import Foundation
@testable import RegctlCore
import RegctlTestSupport
import Testing

/// What status says of the auth files, from the files and PATH's findings alone: which
/// entry each client finds, which clients miss regctl's login, and what fixes it.
@Suite("wiring inspection")
struct WiringInspectionTests {
    static let host = try! RegistryHost("reg.example:5000")
    static let keyringLogin = RegctlConfig.Registry(store: .secretService, username: "dev")
    static let fileLogin = RegctlConfig.Registry(store: .file, username: "dev")
    static let regctlEntry = #"{"credHelpers":{"reg.example:5000":"regctl"}}"#
    static let plainEntry = #"{"auths":{"reg.example:5000":{"auth":"\#(AuthFileFixture.podman.auth)"}}}"#

    static func inspect(
        _ sandbox: Sandbox, entry: RegctlConfig.Registry?, installed: Set<CredentialClient> = [.containers, .docker],
        helperProblem: StatusProblem? = nil
    ) -> WiringInspection.Outcome {
        let environment = sandbox.regctlEnvironment
        let programs = ClientPrograms(installed: installed, helperPath: "/usr/bin/docker-credential-regctl", helperProblem: helperProblem)
        return WiringInspection(environment: environment, authFiles: AuthFiles(locations: AuthFileLocations(environment: environment)), programs: programs)
            .inspect(host, entry: entry)
    }

    static func health(_ outcome: WiringInspection.Outcome) -> [CredentialClient: Health] {
        Dictionary(uniqueKeysWithValues: outcome.status.clients.compactMap { client in client.health.map { (client.client, $0) } })
    }

    @Test("what podman and docker find, in each case of the read orders; who misses regctl's login", arguments: AuthFileFixture.all(host: host.description))
    func readOrders(_ fixture: AuthFileFixture) async throws {
        try await withSandbox(auditsSecrets: false) { sandbox in
            try fixture.write(into: sandbox)
            func entry(_ answer: AuthFileFixture.Answer) -> WiringStatus.Entry {
                switch answer {
                case .nothing: .init(kind: .none, file: nil, helper: nil)
                case .helper(AuthFiles.helperSuffix, let file, _): .init(kind: .regctl, file: file.url(in: sandbox).path, helper: nil)
                case .helper(let name, let file, _): .init(kind: .otherHelper, file: file.url(in: sandbox).path, helper: name)
                case .plain(_, let file, _): .init(kind: .plain, file: file.url(in: sandbox).path, helper: nil)
                }
            }
            let outcome = Self.inspect(sandbox, entry: Self.keyringLogin)
            #expect(outcome.status.containers == entry(fixture.containers))
            #expect(outcome.status.docker == entry(fixture.docker))
            let expected = [CredentialClient.containers: fixture.containers, .docker: fixture.docker].mapValues { answer -> Health in
                switch entry(answer).kind {
                case .regctl: .ok
                case .plain: .warning
                case .otherHelper, .none: .failing
                }
            }
            #expect(Self.health(outcome) == expected)
            // Clients that find the same entry share one problem.
            var missing: [AuthFileFixture.Answer] = []
            for answer in [fixture.containers, fixture.docker] where entry(answer).kind != .regctl && !missing.contains(answer) { missing.append(answer) }
            #expect(outcome.problems.count == missing.count, "\(outcome.problems)")
            #expect(outcome.problems.allSatisfy { $0.area == .wiring })
        }
    }

    @Test("a plain entry: a warning for a keyring login, fixed by regctl login in a file regctl wires, else by podman logout first")
    func plainEntry() async throws {
        try await withSandbox(auditsSecrets: false) { sandbox in
            let persistent = AuthFileFixture.File.persistent.url(in: sandbox)
            try sandbox.write(Self.plainEntry, to: persistent)
            try sandbox.write(Self.regctlEntry, to: sandbox.dockerConfigFile)
            let outcome = Self.inspect(sandbox, entry: Self.keyringLogin)
            #expect(outcome.problems == [.init(
                area: .wiring, severity: .warning,
                message: "\(persistent.path) holds a plain credential for \(Self.host), sent by podman/skopeo/buildah instead of regctl's; it is not renewed",
                fix: .run("podman logout --authfile \(persistent.path) \(Self.host)", "regctl login \(Self.host)")
            )])
            #expect(Self.health(outcome) == [.containers: .warning, .docker: .ok])

            try FileManager.default.removeItem(at: persistent)
            try sandbox.write(Self.plainEntry, to: sandbox.containersAuthFile)
            #expect(Self.inspect(sandbox, entry: Self.keyringLogin).problems.map(\.fix) == [.run("regctl login \(Self.host)")])
        }
    }

    @Test("a --store file login wants the plain entry: regctl's helper is its problem, and the fix keeps --store file")
    func fileStoreLogin() async throws {
        try await withSandbox(auditsSecrets: false) { sandbox in
            try sandbox.write(Self.plainEntry, to: sandbox.containersAuthFile)
            try sandbox.write(Self.regctlEntry, to: sandbox.dockerConfigFile)
            let outcome = Self.inspect(sandbox, entry: Self.fileLogin, helperProblem: .init(area: .wiring, severity: .failing, message: "no helper", fix: nil))
            #expect(outcome.problems == [.init(
                area: .wiring, severity: .failing,
                message: "\(sandbox.dockerConfigFile.path) sends docker to regctl's helper, but this login keeps its secret in the auth files",
                fix: .run("regctl login \(Self.host) --store file")
            )], "and the helper's own problem does not concern it")
            #expect(Self.health(outcome) == [.containers: .ok, .docker: .failing])
        }
    }

    @Test("REGISTRY_AUTH_FILE: oc reads that file alone; the fix logs in with the same variable")
    func ocReadsTheNamedFileAlone() async throws {
        try await withSandbox(auditsSecrets: false) { sandbox in
            try sandbox.write(Self.regctlEntry, to: sandbox.containersAuthFile)
            try sandbox.write(Self.regctlEntry, to: sandbox.dockerConfigFile)
            let named = sandbox.root.appendingPathComponent("elsewhere/auth.json")
            try sandbox.write("{}", to: named)
            sandbox.setEnvironment("REGISTRY_AUTH_FILE", named.path)
            let alone = named.resolvingSymlinksInPath().path
            let outcome = Self.inspect(sandbox, entry: Self.keyringLogin, installed: [.containers, .docker, .oc])
            #expect(outcome.problems == [.init(
                area: .wiring, severity: .failing,
                message: "REGISTRY_AUTH_FILE names \(alone), the only file oc reads (as with -a FILE), and it has no entry for \(Self.host) that sends oc to regctl",
                fix: .run("REGISTRY_AUTH_FILE=\(alone) regctl login \(Self.host)")
            )])
            #expect(Self.health(outcome) == [.containers: .ok, .docker: .ok, .oc: .failing], "podman reads on, to config.json")
        }
    }

    @Test("clients that find the same entry share one problem; clients not installed and registries not logged in have none")
    func sharedAndAbsent() async throws {
        try await withSandbox(auditsSecrets: false) { sandbox in
            let everyone = Self.inspect(sandbox, entry: Self.keyringLogin, installed: [.containers, .oc])
            #expect(everyone.problems.map(\.message) == ["no auth file sends podman/skopeo/buildah and oc to regctl's credential for \(Self.host)"])
            #expect(everyone.problems.map(\.fix) == [.run("regctl login \(Self.host)")])
            #expect(Self.health(everyone) == [.containers: .failing, .oc: .failing])

            let nobody = Self.inspect(sandbox, entry: Self.keyringLogin, installed: [])
            #expect(nobody.problems.isEmpty)
            #expect(nobody.status.clients.allSatisfy { !$0.installed && $0.health == nil })

            let notLoggedIn = Self.inspect(sandbox, entry: nil)
            #expect(notLoggedIn.problems.isEmpty)
            #expect(Self.health(notLoggedIn).isEmpty)
        }
    }

    @Test("a helper that cannot serve: the problem of every keyring login, and of each client it would serve")
    func helperProblem() async throws {
        try await withSandbox(auditsSecrets: false) { sandbox in
            try sandbox.write(Self.regctlEntry, to: sandbox.containersAuthFile)
            try sandbox.write(Self.plainEntry, to: sandbox.dockerConfigFile)
            let stale = StatusProblem(area: .wiring, severity: .failing, message: "docker-credential-regctl is not on PATH", fix: .run("make install"))
            let outcome = Self.inspect(sandbox, entry: Self.keyringLogin, helperProblem: stale)
            #expect(outcome.problems.last == stale)
            #expect(outcome.problems.count == 2, "the plain entry docker finds, then the helper")
            #expect(Self.health(outcome) == [.containers: .failing, .docker: .warning], "docker does not ask the helper")
        }
    }

    @Test("an auth file that does not parse: one failing problem that names it, and no client's view")
    func unreadableFile() async throws {
        try await withSandbox(auditsSecrets: false) { sandbox in
            try sandbox.write(#"{"auths": ["#, to: sandbox.dockerConfigFile)
            let outcome = Self.inspect(sandbox, entry: Self.keyringLogin)
            try #require(outcome.problems.count == 1)
            #expect(outcome.problems[0].severity == .failing)
            #expect(outcome.problems[0].message.contains(sandbox.dockerConfigFile.path))
            #expect(outcome.problems[0].fix != nil)
            #expect(outcome.status.clients.isEmpty)
            #expect(outcome.status.containers.kind == .none)
        }
    }
}
