import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// Every fix regctl prints, run as printed by the person who got it, removes the problem:
/// here root, in the sandbox environment (`FixesHealTests+User.swift`: an unprivileged user).
@Suite("fixes heal, as root")
struct FixesHealTests {
    /// Root's working registry, which passes status: a cluster's, set up with `regctl setup
    /// --scope user`, or with `account` one logged in to with the registry's own account.
    static func rootWorld(_ sandbox: Sandbox, account: Bool) async throws -> FixWorld {
        if account {
            _ = try await sandbox.startKeyring()
            return try await .accountLogin(.root(sandbox))
        }
        let cluster = try await SetupTests.Cluster.make(sandbox)
        try await sandbox.regctl(["setup", "--scope", "user"]).required()
        return FixWorld(reader: .root(sandbox), registry: cluster.registry, cluster: cluster)
    }

    @Test("status's problem, made for real: status reports it, and each fix it prints, run as printed by root, heals it",
          arguments: StatusProblemCase.allCases)
    func statusFixHeals(_ problem: StatusProblemCase) async throws {
        try await withSandbox { sandbox in
            let world = try await Self.rootWorld(sandbox, account: problem.needsAccountLogin)
            let made = try await problem.make(in: world)
            try await world.reader.expectStatusFixesHeal(
                problem: problem.problem(world), area: problem.area, warning: problem.isWarning,
                adding: made.adding, password: world.password, handStep: made.handStep
            )
        }
    }

    @Test("pull stopped by its pre-flight: each command the error says to run, run as printed by root, leads to a working pull",
          arguments: PullStopCase.allCases)
    func pullAdviceHeals(_ stop: PullStopCase) async throws {
        try await withSandbox { sandbox in
            let world = try await Self.rootWorld(sandbox, account: stop.needsAccountLogin)
            try await stop.expectAdviceHeals(in: world)
        }
    }
}

/// Why `regctl pull` stops before podman runs, made for real in a working ``FixWorld``.
enum PullStopCase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case caMissing, credentialErased

    var testDescription: String { rawValue }

    /// Whether it needs an account login (the keyring holds its password) rather than a bound one.
    var needsAccountLogin: Bool { self == .credentialErased }

    /// Pushes an image, breaks the world, then `regctl pull` must stop with a `Run:` line; each
    /// one, run as printed, leads to a pull that works.
    func expectAdviceHeals(in world: FixWorld) async throws {
        let reader = world.reader
        let image = try await reader.makeTestImage()
        let reference = "\(world.host)/developer/hello:1"
        try await reader.run(["skopeo", "copy", image.reference, "docker://\(reference)"]).required()
        switch self {
        case .caMissing: try FileManager.default.removeItem(at: reader.containersCertsDirectory(world.host))
        case .credentialErased: try await reader.run(["docker-credential-secretservice", "erase"], stdin: world.host).required()
        }
        let stopped = try await reader.regctl(["pull", reference])
        #expect(stopped.status == 1 && FixReader.commandToRun(in: stopped.stderr) != nil, "\(stopped)")
        let steps = try await reader.follow(printedIn: stopped, password: world.password)
        #expect(steps.last?.result.succeeded == true, "what the advice said:\n\(steps.map(\.description).joined(separator: "\n"))")
        let pulled = try await reader.regctl(["pull", reference])
        #expect(pulled.succeeded, "after \(steps.map(\.command)): \(pulled)")
    }
}
