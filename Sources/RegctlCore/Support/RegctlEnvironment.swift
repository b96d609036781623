import FoundationEssentials
import Glibc

/// The process's view of the machine: environment variables, whether it runs as root, and
/// whether a person is at a terminal. Commands read it once; tests build their own.
public struct RegctlEnvironment: Sendable {
    public var variables: [String: String]
    public var isRoot: Bool
    public var isInteractive: Bool

    public init(variables: [String: String], isRoot: Bool, isInteractive: Bool) {
        self.variables = variables
        self.isRoot = isRoot
        self.isInteractive = isInteractive
    }

    /// The environment of this process.
    public static var current: RegctlEnvironment {
        RegctlEnvironment(
            variables: ProcessInfo.processInfo.environment,
            isRoot: geteuid() == 0,
            isInteractive: isatty(STDIN_FILENO) == 1 && isatty(STDERR_FILENO) == 1
        )
    }

    /// `HOME`, else the password database's home directory.
    public var home: URL {
        URL(fileURLWithPath: variables["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path)
    }

    /// The directories of `PATH`, in order.
    public var searchPath: [String] {
        (variables["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
    }

    /// The first executable called `name` on `PATH`.
    public func executable(named name: String) -> String? {
        searchPath.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A system path such as `/etc/docker`, below `REGCTL_SYSROOT` when that is set.
    public func systemPath(_ path: String) -> URL {
        guard let sysroot = variables["REGCTL_SYSROOT"], !sysroot.isEmpty else { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: sysroot).appendingPathComponent(String(path.drop(while: { $0 == "/" })))
    }
}
