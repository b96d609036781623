import RegctlTestSupport
import Testing

/// Every fix regctl prints, run as printed by the person who got it, removes the problem: as
/// root, in the sandbox environment, and as an unprivileged user (``UserLane``), for whom a
/// step that needs root is printed as `sudo …`, which root runs as printed.
@Suite("fixes heal")
struct FixesHealTests {
    @Test("status's problem, made for real: status reports it, and each fix it prints, run as printed by root or the user, heals it",
          arguments: FixLane.allCases, StatusProblemCase.allCases)
    func statusFixHeals(_ lane: FixLane, _ problem: StatusProblemCase) async throws {
        try await lane.expectHeals(problem)
    }

    @Test("a command stopped with advice: each command it says to run, run as printed by root or the user, leads to the command working",
          arguments: FixLane.allCases, StoppedCommandCase.allCases)
    func adviceHeals(_ lane: FixLane, _ stop: StoppedCommandCase) async throws {
        try await lane.expectHeals(stop)
    }
}
