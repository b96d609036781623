import FoundationEssentials
import Glibc

/// Replaces the regctl process with the engine, so that progress output, the terminal,
/// signals and the exit code are the engine's own and no regctl process lingers.
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
}
