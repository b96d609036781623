import FoundationEssentials
import Glibc

/// What regctl reads or runs for the user it acts for — a kubeconfig, its tokenFile or CA
/// file, an exec plugin — only when no other user can change it: OpenSSH's StrictModes as
/// Debian patches it. The file and each directory above it, links resolved, belong to the
/// user or root; none is writable by every user (a directory may be, with the sticky bit),
/// nor by a group with members besides the user (a user-private group passes, so umask 002
/// desktops keep a 0664 `~/.kube/config`). Root keeps its own, stricter rule (``RootSafeFile``).
public struct UserOwnership: Sendable {
    let uid: uid_t

    /// The user this process runs as.
    static var current: UserOwnership { UserOwnership(uid: geteuid()) }

    /// The user's name and primary group, when the user database knows the user: asked only
    /// for a group-writable file, so that the helper's usual read asks no user database.
    func account() -> (name: String, group: gid_t)? {
        Self.withBuffer { buffer, size -> (String, gid_t)? in
            var entry = passwd()
            var found: UnsafeMutablePointer<passwd>?
            guard getpwuid_r(uid, &entry, buffer, size, &found) == 0, found != nil, let name = entry.pw_name else { return nil }
            return (String(cString: name), entry.pw_gid)
        }
    }

    /// Why regctl does not read or run a file for the user.
    public struct Refusal: Error, Equatable, Sendable {
        public let kind: RootSafeFile.Kind
        /// The file as it was named.
        public let path: String
        let finding: RootOwnership.Finding

        public var message: String {
            let file = "\(kind.rawValue) \(UntrustedText.escaped(path))"
            let problem = finding.path == path ? "\(file) \(finding.reason)" : "\(file) is not yours alone: \(UntrustedText.escaped(finding.path)) \(finding.reason)"
            return "\(problem); regctl \(kind == .execPlugin ? "runs" : "reads") only files that no other user can change"
        }

        public var fix: Fix {
            .act("Use only files that you or root own and no one else can write (`chmod go-w \(UntrustedText.escaped(finding.path))` for yours); "
                + "leave other users' files out of KUBECONFIG and --kubeconfig, then try again.")
        }
    }

    /// The path to read or run in place of `path`: its target with every link resolved, once
    /// that target and each directory above it pass the rule; nil when there is no such file.
    func resolve(_ path: String, kind: RootSafeFile.Kind) throws(Refusal) -> String? {
        switch RootOwnership.resolve(path, rule: problem) {
        case .missing: return nil
        case .passes(let target): return target
        case .fails(let finding): throw Refusal(kind: kind, path: path, finding: finding)
        }
    }

    /// Why a file or directory with `info` (from `lstat`) is not safe for the user; nil when it is.
    func problem(_ info: stat, isDirectory: Bool) -> String? {
        let type = info.st_mode & S_IFMT
        if type == S_IFLNK { return RootOwnership.symbolicLink }
        if info.st_uid != 0, info.st_uid != uid { return "belongs to \(RootOwnership.owner(info.st_uid))" }
        if type == S_IFCHR || type == S_IFBLK || (isDirectory && info.st_mode & S_ISVTX != 0) { return nil }
        if info.st_mode & S_IWOTH != 0 { return "is writable by every user" }
        if info.st_mode & S_IWGRP != 0, !isAlone(inGroup: info.st_gid) {
            return "is writable by its group (gid \(info.st_gid)), which has members besides you"
        }
        return nil
    }

    /// Whether the user is the one and only member of `gid`: no one else has it as primary
    /// group in /etc/passwd or is listed in it, and the user does one or the other.
    func isAlone(inGroup gid: gid_t) -> Bool {
        guard let account = account(), let listed = Self.listedMembers(of: gid), listed.allSatisfy({ $0 == account.name }) else { return false }
        guard let file = fopen("/etc/passwd", "re") else { return false }
        defer { fclose(file) }
        var isMember = account.group == gid || !listed.isEmpty
        let othersHaveIt: Bool? = Self.withBuffer { buffer, size in
            var entry = passwd()
            var found: UnsafeMutablePointer<passwd>?
            while true {
                let status = fgetpwent_r(file, &entry, buffer, size, &found)
                if status == ENOENT { return false }
                guard status == 0, found != nil else { return nil }
                guard entry.pw_gid == gid else { continue }
                if entry.pw_uid != uid { return true }
                isMember = true
            }
        }
        return othersHaveIt == false && isMember
    }

    /// The names the group database lists as members of `gid`; nil when it has no such group.
    static func listedMembers(of gid: gid_t) -> [String]? {
        withBuffer { buffer, size in
            var entry = group()
            var found: UnsafeMutablePointer<group>?
            guard getgrgid_r(gid, &entry, buffer, size, &found) == 0, found != nil else { return nil }
            var names: [String] = []
            while let member = entry.gr_mem?[names.count] { names.append(String(cString: member)) }
            return names
        }
    }

    /// Runs `body` with a buffer for the user and group database's `_r` calls; an entry too
    /// large for it counts as unknown, which refuses.
    private static func withBuffer<T>(_ body: (_ buffer: UnsafeMutablePointer<CChar>, _ size: Int) -> T) -> T {
        let size = 1 << 16
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: size)
        defer { buffer.deallocate() }
        return body(buffer, size)
    }
}
