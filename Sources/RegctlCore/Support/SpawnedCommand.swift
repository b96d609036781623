import FoundationEssentials
import Glibc

/// Runs a program to its end and collects its standard output, blocking the calling thread —
/// the credential helper runs exec plugins without starting Swift concurrency. Standard
/// error goes where regctl's goes (to the user); standard input is regctl's own when
/// `passStandardInput`, else /dev/null. A program still running at `timeout` is stopped.
struct SpawnedCommand {
    struct Outcome {
        /// The exit code; nil when a signal ended the program.
        let exitCode: Int32?
        let output: [UInt8]
        let timedOut: Bool
    }

    /// The most output kept; an ExecCredential is a few kilobytes.
    static let outputLimit = 1 << 20

    /// Runs `path`; throws the `errno` of a spawn that failed (ENOENT: no such program).
    static func run(
        _ path: String, arguments: [String], environment: [String: String],
        passStandardInput: Bool, timeout: Duration
    ) throws(SpawnError) -> Outcome {
        var pipe: [Int32] = [-1, -1]
        guard Glibc.pipe(&pipe) == 0 else { throw SpawnError(code: errno) }
        _ = fcntl(pipe[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(pipe[1], F_SETFD, FD_CLOEXEC)
        defer { close(pipe[0]) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipe[1], STDOUT_FILENO)
        if !passStandardInput { posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0) }

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, envp)
        close(pipe[1])
        guard spawned == 0 else { throw SpawnError(code: spawned) }

        let deadline = ContinuousClock.now + timeout
        var output: [UInt8] = []
        var timedOut = false
        var buffer = [UInt8](repeating: 0, count: 16384)
        reading: while true {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { timedOut = true; break }
            var poller = pollfd(fd: pipe[0], events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(min(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1, 60_000))
            switch poll(&poller, 1, milliseconds) {
            case 0: continue reading
            case ..<0 where errno == EINTR: continue reading
            case ..<0: break reading
            default: break
            }
            let count = buffer.withUnsafeMutableBytes { read(pipe[0], $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            if output.count < outputLimit { output += buffer[..<min(count, outputLimit - output.count)] }
        }
        if timedOut {
            kill(pid, SIGTERM)
            usleep(100_000)
            kill(pid, SIGKILL)
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let exitCode: Int32? = status & 0x7F == 0 ? (status >> 8) & 0xFF : nil
        return Outcome(exitCode: exitCode, output: output, timedOut: timedOut)
    }
}

/// A program that could not be started, with the system's reason.
struct SpawnError: Error {
    let code: Int32
}
