import Foundation
import Synchronization

/// A child process started with `posix_spawn`, with its standard streams on files.
///
/// Foundation's `Process` hands its children the spawning thread's signal mask, in which
/// SIGTERM may be blocked; services started that way ignore a polite stop. Here every child
/// starts with an empty mask, default signal handlers, and a process group of its own.
final class ChildProcess: Sendable {
    let pid: pid_t
    private let exitStatus = Mutex<Int32?>(nil)
    /// Why the harness killed the process, when it did.
    private let interruption = Mutex<String?>(nil)

    init(arguments: [String], environment: [String: String], stdin: URL, stdout: URL, stderr: URL) throws {
        let executable = try ProgramRunner.executable(arguments[0], path: environment["PATH"]).path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin.path, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout.path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        if stderr == stdout {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, stderr.path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        var allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv = ([executable] + arguments.dropFirst()).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard result == 0 else { throw HarnessError("cannot start \(executable): \(String(cString: strerror(result)))") }
        pid = child
    }

    /// `posix_spawn` returns while the kernel is still inside `execve`, before the new
    /// program's arguments and environment show in /proc; until they do, the leftover scan
    /// at teardown could not tell whose process it is. Waits for that (or for its end).
    /// Only for programs left running: the polling slows a program's start-up, which the
    /// benchmarks time.
    func waitUntilObservable() async {
        for _ in 0..<10_000 {
            let environment = FileManager.default.contents(atPath: "/proc/\(pid)/environ") ?? Data()
            if !environment.isEmpty || !LeftoverProcesses.isAlive(pid) { return }
            try? await Task.sleep(for: .microseconds(100))
        }
    }

    /// The exit status once the process has ended (128 + N when killed by signal N).
    var status: Int32? {
        exitStatus.withLock { known in
            if let known { return known }
            var raw: Int32 = 0
            guard waitpid(pid, &raw, WNOHANG) == pid else { return nil }
            known = raw & 0x7f == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
            return known
        }
    }

    var isRunning: Bool { status == nil }

    /// Waits until the process has ended and returns its exit status. A process still
    /// running `limit` after `start`, or when the waiting task is cancelled, is killed with
    /// its whole group; the wait then throws, naming `name` and the limit.
    func wait(_ name: String, limit: Duration, since start: ContinuousClock.Instant) async throws -> Int32 {
        // A Dispatch timer, not a task: nothing more is scheduled on the cooperative pool.
        let remaining = start + limit - ContinuousClock.now
        let timeout = DispatchWorkItem { [self] in
            interrupt("`\(name)` did not end within \(limit.inSeconds); its process group was killed")
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(remaining / .nanoseconds(1))), execute: timeout)
        let status = await withTaskCancellationHandler {
            await ended()
        } onCancel: {
            interrupt("the wait for `\(name)` was cancelled; its process group was killed")
        }
        timeout.cancel()
        if let reason = interruption.withLock({ $0 }) { throw HarnessError(reason) }
        return status
    }

    /// Waits until the process has ended, however long it takes, and returns its exit status.
    ///
    /// A thread of its own blocks in `waitid` with `WNOWAIT`, which sees the end at once
    /// (the benchmarks time through this) and leaves the reaping to ``status``.
    func ended() async -> Int32 {
        if let status { return status }
        let pid = pid
        await offPool {
            var info = siginfo_t()
            while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) == -1 && errno == EINTR {}
        }
        guard let status else { preconditionFailure("process \(pid) ended but could not be reaped") }
        return status
    }

    /// Kills the whole group of a process still running, saying why.
    private func interrupt(_ reason: String) {
        guard isRunning else { return }
        interruption.withLock { $0 = $0 ?? reason }
        kill(-pid, SIGKILL)
    }

    /// Sends `signal` to the process's whole group.
    func signal(_ signal: Int32) {
        if isRunning { kill(-pid, signal) }
    }
}
