import Foundation

/// Finds running processes that belong to a sandbox: those whose command line or
/// environment mentions its directory (every program a sandbox starts has its HOME there).
public enum LeftoverProcesses {
    public struct Entry: Sendable {
        public let pid: Int32
        public let commandLine: String
    }

    public static func find(mentioning path: String) -> [Entry] {
        let me = getpid()
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { name -> Entry? in
            guard let pid = Int32(name), pid != me else { return nil }
            // Environment first: a process caught in execve gets its arguments before its
            // environment, so once the environment shows, the command line is there too.
            let environment = read("/proc/\(pid)/environ")
            let commandLine = read("/proc/\(pid)/cmdline")
            guard commandLine.contains(path) || environment.contains(path) else { return nil }
            guard isAlive(pid) else { return nil }
            return Entry(pid: pid, commandLine: commandLine.replacingOccurrences(of: "\0", with: " "))
        }
    }

    private static func read(_ file: String) -> String {
        (FileManager.default.contents(atPath: file)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// Whether `pid` names a process that still runs (a zombie has ended).
    public static func isAlive(_ pid: Int32) -> Bool {
        let stat = read("/proc/\(pid)/stat")
        guard let close = stat.lastIndex(of: ")") else { return false }
        return !stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }
}
