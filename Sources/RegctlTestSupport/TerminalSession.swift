import Foundation
import RegctlCore

/// A program running on a real terminal: a private tmux server whose single window runs
/// one command. Tests type into it and read the screen, as a person would.
public final class TerminalSession: Sendable {
    private let socket: String
    private let environment: [String: String]
    /// The tmux server and the process the window runs, stopped by PID.
    private let processes: [pid_t]

    /// Starts `command` (a shell command line) on a new 200×50 terminal.
    public init(_ command: String, socket: URL, environment: [String: String]) async throws {
        self.socket = socket.path
        self.environment = environment
        let started = try await ProgramRunner.run(
            ["tmux", "-S", self.socket, "-f", "/dev/null", "new-session", "-d", "-x", "200", "-y", "50", command + "; echo '[exit '$?']'; sleep 600"],
            environment: environment
        )
        guard started.succeeded else { throw HarnessError("tmux did not start: \(started)") }
        let ids = try await ProgramRunner.run(["tmux", "-S", self.socket, "display-message", "-p", "#{pid} #{pane_pid}"], environment: environment)
        processes = ids.stdout.split(separator: " ").compactMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard ids.succeeded, processes.count == 2 else { throw HarnessError("tmux did not report its processes: \(ids)") }
    }

    /// Types `keys` (tmux key names, e.g. "y", "Enter", "Tab") into the terminal.
    public func send(_ keys: String...) async throws {
        let result = try await ProgramRunner.run(["tmux", "-S", socket, "send-keys"] + keys, environment: environment)
        guard result.succeeded else { throw HarnessError("tmux send-keys failed: \(result)") }
    }

    /// The visible screen, trailing blank lines removed.
    public func screen() async throws -> String {
        let result = try await ProgramRunner.run(["tmux", "-S", socket, "capture-pane", "-p", "-J"], environment: environment)
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Everything the terminal showed, the lines scrolled off the screen included.
    func transcript() async -> String {
        (try? await ProgramRunner.run(["tmux", "-S", socket, "capture-pane", "-p", "-J", "-S", "-"], environment: environment).stdout) ?? ""
    }

    /// Waits until the screen contains `text` (at least `times` times), and returns the screen.
    @discardableResult
    public func waitFor(_ text: String, times: Int = 1, timeout: Duration = .seconds(60)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        var last = ""
        while ContinuousClock.now < deadline {
            last = try await screen()
            if last.ranges(of: text).count >= times { return last }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw HarnessError("the terminal never showed \"\(text)\"\(times > 1 ? " \(times) times" : ""); it shows:\n\(last)")
    }

    /// The exit code the command ended with, once the screen shows it.
    public func exitCode(timeout: Duration = .seconds(60)) async throws -> Int32 {
        let screen = try await waitFor("[exit ", timeout: timeout)
        guard let match = screen.firstMatch(of: #/\[exit (\d+)\]/#), let code = Int32(match.output.1) else {
            throw HarnessError("no exit code on the screen:\n\(screen)")
        }
        return code
    }

    /// Stops the tmux server and everything it runs, and waits until they are gone:
    /// `kill-server` returns before the server and the window's shell have exited.
    public func stop(grace: Duration = .seconds(5)) async {
        _ = try? await ProgramRunner.run(["tmux", "-S", socket, "kill-server"], environment: environment)
        let deadline = ContinuousClock.now + grace
        while processes.contains(where: LeftoverProcesses.isAlive), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        for pid in processes where LeftoverProcesses.isAlive(pid) { kill(-pid, SIGKILL); kill(pid, SIGKILL) }
    }
}

extension Sandbox {
    /// Runs a shell command line on a terminal in the sandbox, traced for the secret audit,
    /// which also reads all the terminal showed; stopped at teardown.
    public func terminal(_ command: String) async throws -> TerminalSession {
        let traced = audit.map { $0.traced(["sh", "-c", command]).map(ShellWords.quoted).joined(separator: " ") } ?? command
        let session = try await TerminalSession(
            traced,
            socket: root.appendingPathComponent("tmux-\(UUID().uuidString.prefix(6))"),
            environment: environment.merging(["TERM": "xterm-256color"]) { $1 }
        )
        onShutdown { [audit] in
            audit?.record("the terminal running `\(command.prefix(80))`", await session.transcript())
            await session.stop()
        }
        return session
    }
}
