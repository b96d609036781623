import Foundation

/// Runs programs to completion with a given environment and stdin.
///
/// Output goes to files rather than pipes, so a chatty program can never block on a full
/// pipe, and the wait happens without blocking a thread.
public enum ProgramRunner {
    /// How long a program may run before the harness kills it and fails the test: far
    /// longer than any program of the suite takes on a busy 2-core machine.
    public static let limit: Duration = .seconds(120)

    /// Runs `arguments` (the first is looked up on `environment["PATH"]`) and waits for it;
    /// throws, naming the program, if it runs longer than `limit` (it is then killed).
    public static func run(
        _ arguments: [String],
        environment: [String: String],
        stdin: String = "",
        limit: Duration = limit,
        name: String? = nil
    ) async throws -> CommandResult {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("regctl-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let input = scratch.appendingPathComponent("stdin")
        let output = scratch.appendingPathComponent("stdout")
        let errors = scratch.appendingPathComponent("stderr")
        try Data(stdin.utf8).write(to: input)

        let start = ContinuousClock.now
        let child = try ChildProcess(arguments: arguments, environment: environment, stdin: input, stdout: output, stderr: errors)
        let status = try await child.wait(name ?? commandLine(arguments), limit: limit, since: start)
        let elapsed = ContinuousClock.now - start
        return CommandResult(
            arguments: arguments,
            status: status,
            stdout: (try? String(contentsOf: output, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errors, encoding: .utf8)) ?? "",
            elapsed: elapsed
        )
    }

    /// `arguments` as a person would type them, the program by its name only.
    static func commandLine(_ arguments: [String]) -> String {
        ([URL(fileURLWithPath: arguments.first ?? "").lastPathComponent] + arguments.dropFirst()).joined(separator: " ")
    }

    /// The file `name` names: itself when it holds a `/`, else the first match on `path`.
    public static func executable(_ name: String, path: String?) throws -> URL {
        if name.contains("/") { return URL(fileURLWithPath: name) }
        let directories = (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        for directory in directories {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return URL(fileURLWithPath: candidate) }
        }
        throw HarnessError("\(name) is not installed (not on PATH); run `make test`, which installs it")
    }
}
