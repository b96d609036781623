@testable import RegctlCommands
import RegctlCore
import Testing

/// `push` and `pull` skip the argument parser; what they read must be what the parser reads.
@Suite("push and pull without the parser")
struct EngineHandoverRequestTests {
    /// What the parser makes of `arguments`, as a request; nil when it refuses them or they
    /// ask for something else (help).
    private func parsed(_ arguments: [String]) -> EngineHandoverRequest? {
        guard let command = try? Regctl.parseAsRoot(arguments) else { return nil }
        if let pull = command as? Pull { return pull.arguments.request(.pull) }
        if let push = command as? Push { return push.arguments.request(.push) }
        return nil
    }

    @Test("every command line read directly is read the same by the parser", arguments: [
        ["pull", "reg.example/team/app:1"],
        ["push", "reg.example:5000/team/app@sha256:" + String(repeating: "a", count: 64)],
        ["pull", "reg.example/team/app", "-v"],
        ["pull", "--verbose", "reg.example/team/app"],
        ["pull", "reg.example/team/app", "--engine", "docker"],
        ["push", "--engine=podman", "reg.example/team/app", "--", "--quiet", "--tls-verify=true"],
        ["pull", "reg.example/team/app", "--", "-v", "--engine", "docker", "--"],
        ["pull", "reg.example/team/app", "--"],
    ])
    func agrees(_ arguments: [String]) throws {
        let direct = try #require(EngineHandoverRequest(commandLine: arguments))
        #expect(parsed(arguments) == direct)
    }

    @Test("anything else is left to the parser", arguments: [
        ["pull"], ["pull", "--help"], ["pull", "-h"], ["push", "a", "b"], ["pull", "--engine", "rkt", "a"],
        ["pull", "--engine"], ["pull", "-vq", "a"], ["pull", "--engine", "docker", "--engine", "podman", "a"],
        ["status"], [], ["pull", "--no-such-flag", "a"],
    ])
    func declines(_ arguments: [String]) {
        #expect(EngineHandoverRequest(commandLine: arguments) == nil)
    }
}
