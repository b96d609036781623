import FoundationEssentials
import Glibc

/// Whether a path is root's alone, for a regctl running as root: what another user can
/// change or swap (a file or directory of theirs, one they may write, a link in a tree
/// they control) must not decide what root reads, runs or writes. A directory writable by
/// others is root's alone only with the sticky bit (as /tmp), where no one else may rename
/// root's entries.
enum RootOwnership {
    /// A path that is not root's alone, and why.
    struct Finding: Equatable, Sendable {
        /// The file or directory at fault.
        let path: String
        /// Why, as the end of a sentence about it: "belongs to uid 1000 (u)".
        let reason: String

        var isSymbolicLink: Bool { reason == RootOwnership.symbolicLink }
    }

    static let symbolicLink = "is a symbolic link"

    /// Why a file or directory with `info` (from `lstat`) does not pass a rule; nil when it does.
    typealias Rule = (_ info: stat, _ isDirectory: Bool) -> String?

    /// The outcome of resolving a path under a ``Rule``.
    enum Resolution: Equatable {
        /// No such file.
        case missing
        /// The path with every link resolved; it and each directory above it pass.
        case passes(String)
        case fails(Finding)
    }

    /// `path` with every link resolved, checked from `/` down to the file under `rule`.
    static func resolve(_ path: String, rule: Rule = RootOwnership.problem) -> Resolution {
        guard let resolved = realpath(path, nil) else {
            if errno == ENOENT || errno == ENOTDIR { return .missing }
            return .fails(Finding(path: path, reason: "cannot be resolved (\(SystemErrorText.current))"))
        }
        defer { free(resolved) }
        let target = String(cString: resolved)
        return firstFinding(along: target, includingFile: true, rule: rule).map(Resolution.fails) ?? .passes(target)
    }

    /// The first of `path`'s existing directories, from `/` down, that is a symbolic link or
    /// fails `rule` (root's alone by default); with `includingFile`, `path` itself too (which
    /// must exist). Stops at the first component that does not exist yet.
    static func firstFinding(along path: String, includingFile: Bool, rule: Rule = RootOwnership.problem) -> Finding? {
        var paths = ["/"]
        for component in path.split(separator: "/") { paths.append((paths.count == 1 ? "" : paths[paths.count - 1]) + "/" + component) }
        for (index, current) in paths.enumerated() {
            let isFile = index > 0 && index == paths.count - 1
            if isFile && !includingFile { break }
            var info = stat()
            guard lstat(current, &info) == 0 else {
                if errno == ENOENT { return nil }
                return Finding(path: current, reason: "cannot be checked (\(SystemErrorText.current))")
            }
            if let reason = rule(info, !isFile) { return Finding(path: current, reason: reason) }
        }
        return nil
    }

    /// Why a file or directory with `info` (from `lstat`) is not root's alone; nil when it is.
    /// A root device such as /dev/zero passes, writable or not: its readers refuse anything
    /// but a regular file with their own reason.
    static func problem(_ info: stat, isDirectory: Bool) -> String? {
        let type = info.st_mode & S_IFMT
        if type == S_IFLNK { return symbolicLink }
        if info.st_uid != 0 { return "belongs to \(owner(info.st_uid))" }
        if type == S_IFCHR || type == S_IFBLK { return nil }
        let sharedWrite = info.st_mode & (S_IWGRP | S_IWOTH)
        if sharedWrite != 0, !(isDirectory && info.st_mode & S_ISVTX != 0) {
            return sharedWrite & S_IWOTH != 0 ? "is writable by every user" : "is writable by its group (gid \(info.st_gid))"
        }
        return nil
    }

    /// `uid 1000 (alice)`, or `uid 1000` when the user database has no name for it.
    static func owner(_ uid: uid_t) -> String {
        var entry = passwd()
        var found: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwuid_r(uid, &entry, &buffer, buffer.count, &found) == 0, found != nil, let name = entry.pw_name else { return "uid \(uid)" }
        return "uid \(uid) (\(UntrustedText.escaped(String(cString: name))))"
    }
}
