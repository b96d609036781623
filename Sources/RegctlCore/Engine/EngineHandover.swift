import FoundationEssentials
import Glibc

/// Hands the terminal to the engine. `exec` replaces the regctl process, so that progress
/// output, the terminal, signals and the exit code are the engine's own and no regctl
/// process lingers; `run` keeps regctl as the engine's parent, for a pull whose failure
/// regctl then explains, with the same terminal and exit code.
public enum EngineHandover {
    /// `path` run with `arguments` (argv[0] first) and this process's environment; returns
    /// only if the exec failed.
    public static func exec(_ path: String, _ arguments: [String]) -> EngineError {
        let argv = arguments.map { strdup($0) } + [nil]
        execv(path, argv)
        let reason = SystemErrorText.current
        argv.forEach { free($0) }
        return .execFailed(path, reason)
    }

    /// Runs `path` with this process's standard streams and environment and returns its exit
    /// code (128 + the signal that ended it). Ctrl-C reaches the engine as it reaches any
    /// foreground program; regctl itself ignores it meanwhile, waiting on a thread of its own.
    public static func run(_ path: String, _ arguments: [String]) async throws(EngineError) -> Int32 {
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, path, nil, nil, argv, environ)
        guard spawned == 0 else { throw .execFailed(path, SystemErrorText.text(spawned)) }
        let ignored = [SIGINT, SIGQUIT].map { ($0, signal($0, SIG_IGN)) }
        defer { for (number, previous) in ignored { signal(number, previous) } }
        let status = await withCheckedContinuation { continuation in
            detachThread { [pid] in
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0, errno == EINTR {}
                continuation.resume(returning: status)
            }
        }
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }
}
