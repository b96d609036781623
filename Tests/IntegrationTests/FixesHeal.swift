import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// Running what regctl prints as a fix, as printed, by the person who got it (``FixReader``):
/// a fix of commands is pasted into `sh -c` as it stands; a fix with hand steps (`Correct
/// FILE (…), then run: CMD`) has its steps taken in order — each hand step done by the
/// caller, each command run as printed. A command that stops with `Run: …` is followed the
/// same way; a `Run: sudo …` an unprivileged user gets is run by root, as printed (root needs
/// no sudo, which is not installed here).
extension FixReader {
    /// One command run on the way, and what it gave.
    struct Step: CustomStringConvertible {
        let command: String
        let byRoot: Bool
        let result: CommandResult
        var description: String { "\(byRoot ? "root" : "ran"): \(command) → \(result)" }
    }

    /// The fix texts `status` printed (`  fix: TEXT`), in order.
    static func fixes(printedIn status: CommandResult) -> [String] {
        status.stdout.split(separator: "\n").filter { $0.hasPrefix("  fix: ") }.map { String($0.dropFirst("  fix: ".count)) }
    }

    /// The command an error's advice says to run (`Run: …` or `…, then run: …`).
    static func commandToRun(in stderr: String) -> String? {
        for line in stderr.split(separator: "\n") {
            for marker in ["Run: ", "then run: "] {
                if let range = line.range(of: marker) { return String(line[range.upperBound...]) }
            }
        }
        return nil
    }

    /// The hand step of typing the account's password where the command reads it: a command
    /// `echo PASSWORD | …` is run with the password on standard input, so that it is in no argv.
    static let askedForPassword = "Give the account's current password"

    /// Runs `command` as printed, then follows the `Run:` lines of each failure.
    func follow(_ command: String, adding: [String: String] = [:], password: String? = nil) async throws -> [Step] {
        var steps = [try await runPrinted(command, adding: adding, password: password)]
        while let last = steps.last, !last.result.succeeded, steps.count < 4, let next = Self.commandToRun(in: last.result.stderr) {
            steps.append(try await runPrinted(next, adding: adding, password: password))
        }
        return steps
    }

    /// Follows the `Run:` lines of `failed`'s output, as printed, until a command succeeds.
    func follow(printedIn failed: CommandResult, adding: [String: String] = [:], password: String? = nil) async throws -> [Step] {
        guard let first = Self.commandToRun(in: failed.stderr) else { return [] }
        return try await follow(first, adding: adding, password: password)
    }

    /// A printed command: by this person, or, when it is a sudo step given to the user, by root.
    private func runPrinted(_ command: String, adding: [String: String], password: String?) async throws -> Step {
        if lane != nil, command.hasPrefix("sudo ") {
            let asRoot = String(command.dropFirst("sudo ".count))
            return Step(command: command, byRoot: true, result: try await sandbox.run(["sh", "-c", asRoot]))
        }
        if let password, command.hasPrefix("echo PASSWORD | ") {
            let typed = String(command.dropFirst("echo PASSWORD | ".count))
            return Step(command: command, byRoot: false, result: try await run(["sh", "-c", typed], stdin: password + "\n", adding: adding))
        }
        return Step(command: command, byRoot: false, result: try await shell(command, adding: adding))
    }

    /// `status --json`'s problems of the first registry.
    func statusProblems(adding: [String: String] = [:]) async throws -> [StatusProblem] {
        let json = try await regctl(["status", "--json"], adding: adding)
        return try #require(try StatusTests().report(json).registries.first).problems
    }

    /// Takes `fix`'s steps in order: a fix of commands is its printed line, run as it stands;
    /// otherwise each hand step by `handStep` (the password's by `password`) and each command
    /// as printed. Returns what ran and whether every command ended well.
    func take(
        _ fix: Fix, adding: [String: String], password: String?, handStep: (String) async throws -> Void
    ) async throws -> (steps: [Step], healed: Bool) {
        if fix.isCommands {
            let ran = try await follow(fix.text, adding: adding, password: password)
            return (ran, ran.last?.result.succeeded == true)
        }
        var steps: [Step] = []
        for step in fix.steps {
            switch step {
            case .act(let text) where text == Self.askedForPassword && password != nil: continue
            case .act(let text): try await handStep(text)
            case .run(let command):
                let ran = try await follow(command, adding: adding, password: password)
                steps += ran
                guard ran.last?.result.succeeded == true else { return (steps, false) }
            }
        }
        return (steps, true)
    }

    /// Runs `status`, which must report `problem` (exit 1, or 0 for a warning), then takes each
    /// fix it prints (``take(_:adding:password:handStep:)``, with `adding` for the fixes alone),
    /// read back from `--json` (its `fix` must be the printed line, its `commands` in it), with
    /// no step for root unless `rootMayHelp`; then `status` must pass with no problem in `area`.
    /// A fix that says to run the command again gets `rounds` of status and its fixes.
    /// `session` is the person's environment for all of it (a variable their profile sets).
    func expectFixesHeal(
        problem: String? = nil, area: StatusProblem.Area? = nil, warning: Bool = false, rootMayHelp: Bool = false, rounds: Int = 1,
        session: [String: String] = [:], adding: [String: String] = [:], password: String? = nil,
        handStep: (String) async throws -> Void = { _ in }
    ) async throws {
        var status = try await regctl(["status"], adding: session)
        #expect(status.status == (warning ? 0 : 1), "\(status)")
        if let problem { #expect(status.stdout.contains(problem), "\(status.stdout)") }
        var printed: [String] = []
        var steps: [Step] = []
        var healed = !Self.fixes(printedIn: status).isEmpty
        for _ in 0..<rounds where healed && !Self.fixes(printedIn: status).isEmpty {
            printed += Self.fixes(printedIn: status)
            let fixes = try await statusProblems(adding: session).compactMap(\.fix)
            #expect(fixes.map(\.text) == Self.fixes(printedIn: status), "--json's fixes: \(fixes)")
            for fix in fixes {
                #expect(fix.commands.allSatisfy(fix.text.contains), "the commands of --json are not all in the printed line: \(fix)")
                let taken = try await take(fix, adding: session.merging(adding) { $1 }, password: password, handStep: handStep)
                steps += taken.steps
                healed = healed && taken.healed
            }
            status = try await regctl(["status"], adding: session)
        }
        #expect(healed, "the fixes printed: \(printed)\nwhat they did:\n\(steps.map(\.description).joined(separator: "\n"))")
        let rootRan = steps.contains { $0.byRoot }
        #expect(rootMayHelp || !rootRan, "a problem of the user's own got a step for root: \(steps.map(\.command))")
        #expect(status.status == 0, "after \(printed): \(status)")
        if let area {
            let left = try await statusProblems(adding: session).filter { $0.area == area }
            #expect(left.isEmpty, "after \(printed): \(left)")
        }
    }
}
