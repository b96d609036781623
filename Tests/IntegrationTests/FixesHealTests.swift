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

    @Test("a command stopped with advice: each command it says to run, run as printed by root, leads to the command working",
          arguments: StoppedCommandCase.allCases)
    func adviceHeals(_ stop: StoppedCommandCase) async throws {
        try await withSandbox { sandbox in
            let world = try await Self.rootWorld(sandbox, account: stop.needsAccountLogin)
            try await stop.expectAdviceHeals(in: world)
        }
    }
}
