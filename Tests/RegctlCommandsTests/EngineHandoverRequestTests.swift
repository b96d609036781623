import RegctlCommands
import RegctlCore
import Testing

/// `push` and `pull` skip the argument parser; what they read must be what the parser reads.
@Suite("push and pull without the parser")
struct EngineHandoverRequestTests {
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
        #expect(EngineHandoverReadings.readsDirectly(arguments))
        #expect(EngineHandoverReadings.disagreement(arguments) == nil)
    }

    /// The words a push or pull command line is made of, and a few that are none of its.
    static let words = [
        "reg.example/team/app", "b", "-v", "--verbose", "-h", "-vq", "--engine", "--engine=docker", "--engine=rkt",
        "docker", "podman", "--", "--quiet", "",
    ]

    @Test("every command line of up to four words, the first pull, push or another command: the two readings agree")
    func agreesOnEveryShortLine() {
        var lines: [[String]] = [[]], longest: [[String]] = [[]]
        for _ in 0..<3 {
            longest = longest.flatMap { line in Self.words.map { line + [$0] } }
            lines += longest
        }
        var direct = 0
        var disagreements: [String] = []
        for command in ["pull", "push", "status"] {
            for rest in lines {
                let line = [command] + rest
                if EngineHandoverReadings.readsDirectly(line) { direct += 1 }
                if let why = EngineHandoverReadings.disagreement(line) { disagreements.append("\(line): \(why)") }
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
        #expect(direct > 500, "the direct reading declined almost everything (\(direct) read directly)")
    }

    @Test("anything else is left to the parser", arguments: [
        ["pull"], ["pull", "--help"], ["pull", "-h"], ["push", "a", "b"], ["pull", "--engine", "rkt", "a"],
        ["pull", "--engine"], ["pull", "-vq", "a"], ["pull", "--engine", "docker", "--engine", "podman", "a"],
        ["status"], [], ["pull", "--no-such-flag", "a"],
    ])
    func declines(_ arguments: [String]) {
        #expect(!EngineHandoverReadings.readsDirectly(arguments))
    }
}
