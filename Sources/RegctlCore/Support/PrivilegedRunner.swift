import FoundationEssentials
import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Runs one of regctl's own steps again as root.
public protocol PrivilegedRunner: Sendable {
    /// Whether this runner can run anything here (for sudo: whether it is installed).
    var isAvailable: Bool { get }
    /// The command a person would type to run `arguments` (regctl's own) as root.
    func commandLine(for arguments: [String]) -> String
    /// Runs `arguments` as root at the user's terminal; `false` when it did not succeed.
    func run(_ arguments: [String]) async throws -> Bool
}

/// Runs a regctl step through `sudo`, with the terminal attached so sudo can ask for the
/// password. Only the step's own arguments cross over: never a secret.
public struct SudoRunner: PrivilegedRunner {
    let environment: RegctlEnvironment

    public init(environment: RegctlEnvironment) {
        self.environment = environment
    }

    public var isAvailable: Bool { environment.executable(named: "sudo") != nil }

    public func commandLine(for arguments: [String]) -> String {
        (["sudo"] + wrapped(["regctl"] + arguments)).map(ShellWords.quoted).joined(separator: " ")
    }

    public func run(_ arguments: [String]) async throws -> Bool {
        guard let sudo = environment.executable(named: "sudo") else { return false }
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let result = try await Subprocess.run(
            .path(FilePath(sudo)),
            arguments: Arguments(wrapped([executable] + arguments)),
            input: .currentStandardInput,
            output: .discarded,
            error: .currentStandardError
        )
        return result.terminationStatus.isSuccess
    }

    /// `env REGCTL_SYSROOT=…` in front when the sysroot is set, since sudo resets the
    /// environment: the root step must change the tree the user's run looked at (a demo's or a
    /// test's), never the machine's own `/etc` in its place. It is visible in the command sudo
    /// asks the password for, and root honours it only under its own rules: nothing written,
    /// read or run below a directory another user controls, and no hook run from a relocated
    /// operating system store.
    private func wrapped(_ command: [String]) -> [String] {
        guard let sysroot = environment.variables["REGCTL_SYSROOT"], !sysroot.isEmpty else { return command }
        return ["env", "REGCTL_SYSROOT=\(sysroot)"] + command
    }
}

/// Quoting for commands regctl prints for a person to paste.
public enum ShellWords {
    /// `word` as a shell needs it typed: quoted only when it holds special characters.
    public static func quoted(_ word: String) -> String {
        let plain = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./:=@%+,".contains($0) }
        return plain && !word.isEmpty ? word : "'" + word.replacing("'", with: #"'\''"#) + "'"
    }
}
