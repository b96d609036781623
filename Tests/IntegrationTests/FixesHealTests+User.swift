import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// Every fix regctl prints, run as printed by an unprivileged user (``UserLane``) who got it;
/// a step that needs root is printed as `sudo …`, and root runs it as printed.
@Suite("fixes heal, as an unprivileged user")
struct FixesHealUserTests {
    /// The user's working registry (its CA trusted for the user), which passes status: a
    /// cluster's, logged in to from the user's kubeconfig, or with `account` the registry's own account.
    static func userWorld(_ sandbox: Sandbox, account: Bool) async throws -> FixWorld {
        let lane = try await UserLane.start(in: sandbox)
        if account { return try await .accountLogin(.user(lane)) }
        let cluster = try await lane.cluster()
        try await lane.regctl(["login", cluster.registry.host]).required()
        return FixWorld(reader: .user(lane), registry: cluster.registry, cluster: cluster)
    }

    @Test("status's problem, made for real: status reports it, and each fix it prints, run as printed by the user, heals it",
          arguments: StatusProblemCase.allCases)
    func statusFixHeals(_ problem: StatusProblemCase) async throws {
        try await withSandbox { sandbox in
            let world = try await Self.userWorld(sandbox, account: problem.needsAccountLogin)
            let made = try await problem.make(in: world)
            try await world.reader.expectStatusFixesHeal(
                problem: problem.problem(world), area: problem.area, warning: problem.isWarning,
                rootMayHelp: problem.needsRoot, adding: made.adding, password: world.password, handStep: made.handStep
            )
        }
    }

    @Test("a command stopped with advice: each command it says to run, run as printed by the user, leads to the command working",
          arguments: StoppedCommandCase.allCases)
    func adviceHeals(_ stop: StoppedCommandCase) async throws {
        try await withSandbox { sandbox in
            let world = try await Self.userWorld(sandbox, account: stop.needsAccountLogin)
            try await stop.expectAdviceHeals(in: world)
        }
    }
}
