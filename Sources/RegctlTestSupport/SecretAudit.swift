import Foundation
import Synchronization

/// Looks for a sandbox's secrets where they must never be: in the argument list or
/// environment of any process (every program a test runs or starts, and every terminal
/// session, is traced with `strace`, so its children and their children are seen too), in
/// the error output of any program or the output of regctl, and in any file under the
/// sandbox but the kubeconfig, the keyring's own files and files a test declares as holding
/// a secret on purpose.
///
/// A secret counts when it appears as itself or inside base64 — standard, unpadded or
/// base64url — as in `base64(user:secret)`. A secret under 12 characters would match by
/// chance and has too few base64 characters of its own to look for: registering one is a
/// finding, so the test picks a longer one instead of going unaudited.
final class SecretAudit: Sendable {
    /// The shortest secret the audit can look for.
    static let shortest = 12
    /// Where the traces are written; skipped by the file scan.
    let directory: URL
    /// Whether programs are traced (see ``canTrace``).
    let traces: Bool

    /// Whether `strace` can trace here: a container may deny ptrace, and then only the
    /// outputs, services and files are audited (said once). A missing strace is not
    /// excused: running it fails with the package to install. Decided once per process,
    /// by a probe waited for without blocking a thread.
    static var canTrace: Bool {
        get async { await tracing.value }
    }

    private static let tracing = Task<Bool, Never> {
        let environment = ProcessInfo.processInfo.environment
        guard (try? ProgramRunner.executable("strace", path: environment["PATH"])) != nil else { return true }
        let probe = try? await ProgramRunner.run(["strace", "-f", "-qq", "-e", "trace=execve", "-o", "/dev/null", "/bin/true"], environment: environment)
        guard let probe, probe.succeeded else {
            print("secret audit: strace cannot trace here (ptrace denied); argv and environments of children go unaudited")
            return false
        }
        return true
    }

    private let state = Mutex(State())
    private struct State {
        var secrets: Set<String> = []
        var sources: [@Sendable () -> [String]] = []
        var exempt: Set<String> = []
        /// Secrets a file may hold, by path: another client's login in a shared auth file.
        var allowed: [String: Set<String>] = [:]
        var outputs: [(what: String, text: String)] = []
        var traces = 0
    }

    init(directory: URL, traces: Bool) {
        self.directory = directory
        self.traces = traces
    }

    /// Adds secrets to look for (one under ``shortest`` characters is a finding).
    func add(_ secrets: [String]) {
        state.withLock { $0.secrets.formUnion(secrets) }
    }

    /// Adds a source of secrets read at the end (a stand-in issues tokens as tests run).
    func add(source: @escaping @Sendable () -> [String]) {
        state.withLock { $0.sources.append(source) }
    }

    /// Stops looking for `secret` (the audit's own test plants one and then withdraws it).
    func withdraw(_ secret: String) {
        state.withLock { _ = $0.secrets.remove(secret) }
    }

    /// Declares a file that holds a secret on purpose (`--store file`, a tokenFile).
    func exempt(_ file: URL) {
        state.withLock { _ = $0.exempt.insert(file.standardizedFileURL.path) }
    }

    /// Declares that `file` may hold `secret` (and still no other): podman's or docker's own
    /// login, which they write in clear into the auth file regctl shares with them.
    func allow(_ secret: String, in file: URL) {
        _ = state.withLock { $0.allowed[file.standardizedFileURL.path, default: []].insert(secret) }
    }

    /// `arguments` wrapped in `strace`, which logs every `execve` of the program and its
    /// descendants, with argument lists and environments, to a file of its own.
    func traced(_ arguments: [String]) -> [String] {
        guard traces else { return arguments }
        let log = state.withLock { state in
            state.traces += 1
            return directory.appendingPathComponent("trace-\(state.traces).log").path
        }
        return ["strace", "-f", "-qq", "--seccomp-bpf", "-e", "trace=execve", "-e", "signal=none", "-v", "-s", "65536", "-o", log, "--"] + arguments
    }

    /// Records what a program printed that must be free of secrets.
    func record(_ what: String, _ text: String) {
        guard !text.isEmpty else { return }
        state.withLock { $0.outputs.append((what, text)) }
    }

    /// Records the outputs of a program that must be free of secrets: every error output,
    /// and regctl's standard output (the user's screen) but for the two that carry the
    /// secret by design, a pull secret and the helper's answer to `get`.
    func record(_ result: CommandResult) {
        let program = URL(fileURLWithPath: result.arguments.first ?? "").lastPathComponent
        record("the error output of `\(program)`", result.stderr)
        let subcommand = result.arguments.dropFirst().first
        if program == "regctl" && subcommand != "pull-secret" || program == "docker-credential-regctl" && result.arguments.last != "get" {
            record("the output of `\(program)`", result.stdout)
        }
    }

    /// Records the argument lists and environments of running processes, read from /proc
    /// (the services a sandbox started, which are not traced).
    func recordRunning(mentioning path: String) {
        for process in LeftoverProcesses.find(mentioning: path) {
            for part in ["cmdline", "environ"] {
                let text = (FileManager.default.contents(atPath: "/proc/\(process.pid)/\(part)")).map { String(decoding: $0, as: UTF8.self) } ?? ""
                record("the \(part) of \(process.commandLine.prefix(60))", text)
            }
        }
    }

    /// What the audit covered and where it found a secret.
    struct Report {
        var secrets = 0
        var programs = 0
        var outputs = 0
        var files = 0
        var findings: [String] = []
    }

    /// Scans every record and every file under `root` except `skipping` (and the traces'
    /// own directory, whose logs are scanned as records).
    func report(files root: URL, skipping: [URL]) -> Report {
        let (registered, outputs, exempt, allowed) = state.withLock { state in
            (state.secrets.union(state.sources.flatMap { $0() }), state.outputs, state.exempt, state.allowed)
        }
        let secrets = registered.filter { $0.count >= Self.shortest }
        let needles = secrets.map { ($0, Self.forms(of: $0)) }
        var report = Report(secrets: secrets.count, outputs: outputs.count)
        for short in registered.subtracting(secrets).sorted() {
            report.findings.append("a secret of \(short.count) characters (\(short.prefix(2))…) was registered: under \(Self.shortest) it would match by chance, so it cannot be looked for; the test must use a longer one")
        }
        func scan(_ text: String, _ what: String, allowing: Set<String> = []) {
            for (secret, forms) in needles where !allowing.contains(secret) && forms.contains(where: text.contains) {
                report.findings.append("\(what) holds the secret \(secret.prefix(6))…")
            }
        }
        for (what, text) in outputs { scan(text, what) }
        let traces = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
        for trace in traces {
            let text = (try? String(contentsOf: trace, encoding: .utf8)) ?? ""
            let execs = text.split(separator: "\n").filter { $0.contains(" execve(") }
            report.programs += execs.count
            let program = execs.first.flatMap { $0.firstRange(of: "execve(\"").map { $0.upperBound } }.map { execs[0][$0...].prefix { $0 != "\"" } } ?? "?"
            scan(text, "the argv or environment of \(program) or a child of it")
        }
        let skipped = Set((skipping + [directory]).map { $0.standardizedFileURL.path }).union(exempt)
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let file = walker?.nextObject() as? URL {
            let path = file.standardizedFileURL.path
            if skipped.contains(path) {
                if (try? file.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true { walker?.skipDescendants() }
                continue
            }
            guard (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                  let data = FileManager.default.contents(atPath: path) else { continue }
            report.files += 1
            scan(String(decoding: data, as: UTF8.self), "the file \(path.dropFirst(root.path.count))", allowing: allowed[path] ?? [])
        }
        return report
    }

    /// `secret` itself and the three runs of base64 that contain it wherever it starts in
    /// a longer base64 text (as in `base64(user:secret)`): each alignment's characters
    /// that also depend on neighbouring bytes are cut off, so padding never matters; each
    /// run also in base64url (`-` and `_` for `+` and `/`).
    static func forms(of secret: String) -> [String] {
        let bytes = Array(secret.utf8)
        let encoded = (0..<3).map { offset -> String in
            let text = Data(Array(repeating: 0, count: offset) + bytes).base64EncodedString()
            let lead = [0, 2, 3][offset]
            let trail = (offset + bytes.count) % 3 == 0 ? 0 : 4
            return String(text.dropFirst(lead).dropLast(trail))
        }
        let runs = encoded.filter { $0.count >= shortest }
        let urlSafe = runs.map { $0.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_") }
        return [secret] + runs + urlSafe.filter { !runs.contains($0) }
    }
}
