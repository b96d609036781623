import FoundationEssentials
import Glibc

/// Safe edits of a small file other programs also read: an advisory lock serialises
/// concurrent regctl processes, and the new content replaces the old atomically, mode 0600.
enum LockedFile {
    /// Reads `file` (nil when missing), lets `transform` compute the new content (nil: leave
    /// the file as it is), and writes it atomically, all under the lock.
    static func update(_ file: URL, _ transform: (Data?) throws(AuthFileError) -> Data?) throws(AuthFileError) {
        let directory = file.deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: directory.path) {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw .ioFailed(path: directory.path, reason: SystemErrorText.describe(error))
            }
        }
        let lockPath = directory.appendingPathComponent(".\(file.lastPathComponent).lock").path
        let lock = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lock >= 0 else { throw .ioFailed(path: lockPath, reason: SystemErrorText.current) }
        defer { close(lock) }
        guard flock(lock, LOCK_EX) == 0 else { throw .ioFailed(path: lockPath, reason: SystemErrorText.current) }
        defer { flock(lock, LOCK_UN) }

        let current = FileManager.default.contents(atPath: file.path)
        guard let updated = try transform(current), updated != current else { return }
        if let reason = AtomicWrite.replace(file, with: updated, mode: 0o600) { throw .ioFailed(path: file.path, reason: reason) }
    }

    /// Reads `file` under the lock, without changing it.
    static func read(_ file: URL) -> Data? {
        FileManager.default.contents(atPath: file.path)
    }
}
