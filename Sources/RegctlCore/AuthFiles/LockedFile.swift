import FoundationEssentials
import Glibc
import Logging

/// Safe edits of a small file other programs also read and write: an advisory lock
/// serialises concurrent regctl processes, and the new content replaces the old atomically,
/// mode 0600 — but only if the file is still the one that was read. podman and docker take
/// no lock and replace auth.json and config.json with a rename of their own; an edit that
/// finds its file replaced meanwhile starts over from the new one instead of dropping what
/// the other program wrote (``AtomicWrite/commit(_:over:expecting:)``).
enum LockedFile {
    /// How often an edit starts over before giving up on a file another program keeps replacing.
    static let attempts = 20
    static let log = StepLog.logger("files")

    /// Reads `file` (nil when missing), lets `transform` compute the new content (nil: leave
    /// the file as it is), and writes it atomically, all under the lock. `transform` runs
    /// again on the new content each time another program replaced the file meanwhile.
    static func update(_ file: URL, _ transform: (Data?) throws(AuthFileError) -> Data?) throws(AuthFileError) {
        let directory = file.deletingLastPathComponent()
        try guardRootWrite(file)
        if !FileManager.default.fileExists(atPath: directory.path) {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw .ioFailed(path: directory.path, reason: SystemErrorText.describe(error))
            }
            try guardRootWrite(file)
        }
        let lockPath = directory.appendingPathComponent(".\(file.lastPathComponent).lock").path
        let lock = try openLock(lockPath, of: file)
        defer { close(lock) }
        guard flock(lock, LOCK_EX) == 0 else { throw .ioFailed(path: lockPath, reason: SystemErrorText.current) }
        defer { flock(lock, LOCK_UN) }
        removeLeftovers(of: file)

        for _ in 0..<attempts {
            let current: OpenedFile
            do { current = try OpenedFile(file) } catch { throw .unreadable(path: file.path, reason: error.reason) }
            guard let updated = try transform(current.data), updated != current.data else { return }
            let temporary: URL
            switch AtomicWrite.prepare(file, with: updated, mode: 0o600) {
            case .success(let written): temporary = written
            case .failure(let failure): throw .ioFailed(path: file.path, reason: failure.reason)
            }
            switch AtomicWrite.commit(temporary, over: file, expecting: current.identity) {
            case .done: return
            case .raced(let swappedBack):
                log.debug("another program replaced \(file.path) while regctl was editing it\(swappedBack ? " (caught after the swap, its file put back)" : ""); starting over from its new content")
            case .failed(let reason): throw .ioFailed(path: file.path, reason: reason)
            }
        }
        throw .ioFailed(path: file.path, reason: "another program replaced it \(attempts) times while regctl was editing it")
    }

    /// Opens (creating) the lock file at `path` without following a link, and only when it is
    /// a regular file of this user's: in a directory others may write, a link or file another
    /// user left there must not lead the open anywhere, and its target stays untouched.
    private static func openLock(_ path: String, of file: URL) throws(AuthFileError) -> Int32 {
        let lock = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o600)
        guard lock >= 0 else {
            let reason = SystemErrorText.current
            var found = stat()
            guard lstat(path, &found) == 0, let foreign = foreignLock(found, path) else { throw .ioFailed(path: path, reason: reason) }
            throw .ioFailed(path: file.path, reason: foreign)
        }
        var found = stat()
        guard fstat(lock, &found) == 0 else { close(lock); throw .ioFailed(path: path, reason: SystemErrorText.current) }
        if let foreign = foreignLock(found, path) {
            close(lock)
            throw .ioFailed(path: file.path, reason: foreign)
        }
        return lock
    }

    /// Why the lock file `path`, as `found`, is not one to take; nil when it is.
    private static func foreignLock(_ found: stat, _ path: String) -> String? {
        let kind = found.st_mode & S_IFMT
        if kind == S_IFLNK { return "its lock file \(path) is a symbolic link, which regctl does not follow; remove it if you did not make it" }
        guard kind != S_IFREG || found.st_uid != geteuid() else { return nil }
        return "its lock file \(path) is not a regular file of yours; remove it if you did not make it"
    }

    /// Refuses a write as root below a directory another user controls (``RootWriteGuard``).
    static func guardRootWrite(_ file: URL) throws(AuthFileError) {
        if let reason = RootWriteGuard.refusal(toWrite: file) { throw .ioFailed(path: file.path, reason: reason) }
    }

    /// Deletes the temp files (`.NAME.regctl-…`) of writers killed before their rename. Only
    /// a holder of the lock writes them, so while this process holds it none is in use.
    private static func removeLeftovers(of file: URL) {
        let directory = file.deletingLastPathComponent()
        let prefix = AtomicWrite.temporaryPrefix(of: file.lastPathComponent)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [] where name.hasPrefix(prefix) {
            unlink(directory.appendingPathComponent(name).path)
        }
    }

    /// The content of `file`, nil when there is none (a dangling link counts as none, as it
    /// does for docker). Whatever else stops the read (a directory, a loop of links, no
    /// permission, a FIFO) is an error: taken for "no file", it would be written over.
    static func contents(of file: URL) throws(AuthFileError) -> Data? {
        do {
            return try OpenedFile(file).data
        } catch {
            throw .unreadable(path: file.path, reason: error.reason)
        }
    }
}
