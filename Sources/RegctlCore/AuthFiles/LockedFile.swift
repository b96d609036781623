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

        let current = try contents(of: file)
        guard let updated = try transform(current), updated != current else { return }
        if let reason = AtomicWrite.replace(file, with: updated, mode: 0o600) { throw .ioFailed(path: file.path, reason: reason) }
    }

    /// The content of `file`, nil when there is none (a dangling link counts as none, as it
    /// does for docker). Whatever else stops the read (a directory, a loop of links, no
    /// permission, a FIFO) is an error: taken for "no file", it would be written over.
    static func contents(of file: URL) throws(AuthFileError) -> Data? {
        let descriptor = open(file.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        if descriptor < 0 {
            if errno == ENOENT { return nil }
            throw .unreadable(path: file.path, reason: SystemErrorText.current)
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .unreadable(path: file.path, reason: SystemErrorText.current) }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw .unreadable(path: file.path, reason: "it is a directory")
        default: throw .unreadable(path: file.path, reason: "it is not a regular file")
        }
        guard status.st_size <= maximumSize else { throw .unreadable(path: file.path, reason: "it is larger than 16 MiB") }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count == 0 { return data }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: file.path, reason: SystemErrorText.current)
            }
            data.append(contentsOf: buffer[..<count])
        }
    }

    /// No auth file or config comes near this; a larger one is not what it claims to be.
    private static let maximumSize = 16 << 20
}
