import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// Running what regctl prints as a fix, as printed, by the person who got it (``FixReader``):
/// a fix of commands is pasted into `sh -c` as it stands; a fix with a hand step
/// (`Correct FILE (…), then run: CMD`) has the step done by the caller, then `CMD` run.
/// A command that stops with `Run: …` is followed the same way; a `Run: sudo …` an
/// unprivileged user gets is run by root, as printed (root needs no sudo, which is not
/// installed here).
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

    /// What a fix asks of a person by hand, done here: the account's password typed where
    /// the command reads it (`echo PASSWORD | …` is run with `password` on standard input, so
    /// that it is in no argv), and a step for an administrator (root runs the command as printed).
    static let askedForPassword = "Give the account's current password"
    static let askedForAdministrator = "Ask an administrator to run as root: "

    /// Runs the fix `text` as printed: its hand step (the text before `then run: `) by
    /// `handStep` unless it asks for the password, then the command; then every `Run:` line a
    /// failing command prints, until one succeeds (three at most).
    func runFix(
        _ text: String, adding: [String: String] = [:], password: String? = nil, handStep: (String) async throws -> Void = { _ in }
    ) async throws -> [Step] {
        if text.hasPrefix(Self.askedForAdministrator) {
            let command = String(text.dropFirst(Self.askedForAdministrator.count))
            return [Step(command: command, byRoot: true, result: try await sandbox.run(["sh", "-c", command]))]
        }
        var command = text
        if let range = text.range(of: "then run: ") {
            let step = String(text[..<range.lowerBound]).trimmingCharacters(in: CharacterSet(charactersIn: ", "))
            if step != Self.askedForPassword || password == nil { try await handStep(step) }
            command = String(text[range.upperBound...])
        }
        return try await follow(command, adding: adding, password: password)
    }

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

    /// Runs `status`, which must report `problem` (exit 1, or 0 for a warning), then each fix
    /// it prints as printed (``runFix(_:adding:password:handStep:)``, with `adding` for the
    /// fixes alone), with no step for root unless `rootMayHelp`; then `status` must pass with
    /// no problem in `area`.
    func expectStatusFixesHeal(
        problem: String? = nil, area: StatusProblem.Area? = nil, warning: Bool = false, rootMayHelp: Bool = false,
        adding: [String: String] = [:], password: String? = nil, handStep: (String) async throws -> Void = { _ in }
    ) async throws {
        let broken = try await regctl(["status"])
        #expect(broken.status == (warning ? 0 : 1), "\(broken)")
        if let problem { #expect(broken.stdout.contains(problem), "\(broken.stdout)") }
        let fixes = Self.fixes(printedIn: broken)
        var steps: [Step] = []
        var failed = fixes.isEmpty
        for fix in fixes {
            let ran = try await runFix(fix, adding: adding, password: password, handStep: handStep)
            failed = failed || ran.last?.result.succeeded != true
            steps += ran
        }
        #expect(!failed, "the fixes printed: \(fixes)\nwhat they did:\n\(steps.map(\.description).joined(separator: "\n"))")
        let rootRan = steps.contains { $0.byRoot }
        #expect(rootMayHelp || !rootRan, "a problem of the user's own got a step for root: \(steps.map(\.command))")
        let healed = try await regctl(["status"])
        #expect(healed.status == 0, "after \(fixes): \(healed)")
        if let area {
            let left = try await statusProblems().filter { $0.area == area }
            #expect(left.isEmpty, "after \(fixes): \(left)")
        }
    }
}
