import FoundationEssentials
import Glibc

/// Writes and removes `ca.crt` files in certs.d: directories 0755, files 0644, atomically
/// (temp file in the same directory, fsync, rename), never through a symbolic link, and
/// never touching the other files of a directory (client `*.cert`/`*.key`).
///
/// A host's directory never exists without its `ca.crt` because of regctl, not even for a
/// moment a kill could freeze: the containers clients use the first certs.d directory of a
/// host that exists, so an empty one in the user's certs.d would hide the CA installed in
/// /etc. A new directory is therefore made under a hidden name, filled, and renamed into
/// place; a removed one is renamed away first, then emptied. What a killed run leaves is a
/// hidden `.HOST.regctl-…` directory or `.ca.crt.regctl-…` file, which no client reads; the
/// next write or removal for the host clears the directories (a new one once it is an hour
/// old, since another regctl may still be filling it).
struct CertsFileWriter {
    /// Whether this process may create or replace `file`: the nearest existing ancestor is writable.
    static func canWrite(_ file: URL) -> Bool {
        var url = file
        while !FileManager.default.fileExists(atPath: url.path) {
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return false }
            url = parent
        }
        return access(url.path, W_OK) == 0
    }

    static func write(_ contents: String, to file: URL) throws(TrustError) {
        let directory = file.deletingLastPathComponent()
        let root = directory.deletingLastPathComponent()
        try refuseSymbolicLink(directory)
        try refuseSymbolicLink(file)
        try guardRootWrite(file)
        removeLeftovers(beside: directory)
        if FileManager.default.fileExists(atPath: directory.path) {
            return try replace(file, with: contents)
        }
        try createDirectories(root)
        try guardRootWrite(file)
        let staging = hiddenSibling(of: directory, "new")
        guard mkdir(staging.path, 0o755) == 0 else { throw .writeFailed(path: staging.path, reason: SystemErrorText.current) }
        chmod(staging.path, 0o755)
        do {
            try replace(staging.appendingPathComponent(file.lastPathComponent), with: contents)
        } catch {
            removeOwnDirectory(staging)
            throw error
        }
        guard rename(staging.path, directory.path) == 0 else {
            // Another process made the directory meanwhile: write into it as into any existing one.
            removeOwnDirectory(staging)
            guard errno == EEXIST || errno == ENOTEMPTY else { throw .writeFailed(path: directory.path, reason: SystemErrorText.current) }
            return try replace(file, with: contents)
        }
        AtomicWrite.syncDirectory(of: directory)
    }

    /// Removes `file`, and its directory when nothing else (but regctl's own leftovers) is in
    /// it: the directory is renamed away before anything in it is deleted.
    static func remove(_ file: URL) throws(TrustError) {
        let directory = file.deletingLastPathComponent()
        try refuseSymbolicLink(directory)
        try guardRootWrite(file)
        removeLeftovers(beside: directory)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        guard names.allSatisfy({ $0 == file.lastPathComponent || isOwnLeftover($0, of: file.lastPathComponent) }) else {
            guard unlink(file.path) == 0 || errno == ENOENT else {
                throw .writeFailed(path: file.path, reason: SystemErrorText.current)
            }
            return
        }
        let removed = hiddenSibling(of: directory, "removed")
        guard rename(directory.path, removed.path) == 0 else {
            if errno == ENOENT { return }
            throw .writeFailed(path: directory.path, reason: SystemErrorText.current)
        }
        AtomicWrite.syncDirectory(of: directory)
        removeOwnDirectory(removed)
    }

    /// A temp file of `file` that AtomicWrite left when killed.
    static func isOwnLeftover(_ name: String, of file: String) -> Bool {
        name.hasPrefix(AtomicWrite.temporaryPrefix(of: file))
    }

    private static func replace(_ file: URL, with contents: String) throws(TrustError) {
        if let reason = AtomicWrite.replace(file, with: Data(contents.utf8), mode: 0o644) {
            throw .writeFailed(path: file.path, reason: reason)
        }
    }

    /// `.HOST.regctl-KIND-XXXXXXXX` beside `directory`: no client looks up such a name.
    private static func hiddenSibling(of directory: URL, _ kind: String) -> URL {
        directory.deletingLastPathComponent().appendingPathComponent(".\(directory.lastPathComponent).regctl-\(kind)-\(UUID().uuidString.prefix(8))")
    }

    /// Deletes the hidden directories killed runs left for the host of `directory`.
    private static func removeLeftovers(beside directory: URL) {
        let root = directory.deletingLastPathComponent()
        let prefix = ".\(directory.lastPathComponent).regctl-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? [] where name.hasPrefix(prefix) {
            let leftover = root.appendingPathComponent(name)
            var info = stat()
            // Only a real directory (never a link to one), and a new one only once it is old.
            guard lstat(leftover.path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { continue }
            if name.hasPrefix(prefix + "new-") && time(nil) - info.st_mtim.tv_sec < 3_600 { continue }
            removeOwnDirectory(leftover)
        }
    }

    /// Deletes a directory regctl made or took away, with the files in it (no subdirectories).
    private static func removeOwnDirectory(_ directory: URL) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [] {
            unlink(directory.appendingPathComponent(name).path)
        }
        rmdir(directory.path)
    }

    /// Refuses a write as root below a directory another user controls (``RootWriteGuard``).
    private static func guardRootWrite(_ file: URL) throws(TrustError) {
        if let reason = RootWriteGuard.refusal(toWrite: file) { throw .writeFailed(path: file.path, reason: reason) }
    }

    private static func refuseSymbolicLink(_ url: URL) throws(TrustError) {
        var info = stat()
        if lstat(url.path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK { throw .symbolicLink(path: url.path) }
    }

    /// Makes `directory` and its missing parents, 0755. Another regctl making one of them at
    /// the same moment (the first installs into a new certs.d, run at once) is no failure.
    private static func createDirectories(_ directory: URL) throws(TrustError) {
        guard !FileManager.default.fileExists(atPath: directory.path) else { return }
        try createDirectories(directory.deletingLastPathComponent())
        if mkdir(directory.path, 0o755) == 0 {
            chmod(directory.path, 0o755)
        } else if errno != EEXIST {
            throw .writeFailed(path: directory.path, reason: SystemErrorText.current)
        }
    }
}
