import CFileSwap
import FoundationEssentials
import Glibc

/// Replaces a file's content all at once: a temp file in the same directory, written with
/// `mode`, fsynced and renamed over the old one; readers see the old or the new file, never
/// half of one. A symbolic link at the temp name is never followed.
enum AtomicWrite {
    /// How the temp files for `name` begin: `.NAME.regctl-`. A writer killed before its
    /// rename leaves one; no client reads such a name.
    static func temporaryPrefix(of name: String) -> String {
        ".\(name).regctl-"
    }

    /// Writes `data` to `file`; returns why it failed, or nil.
    static func replace(_ file: URL, with data: Data, mode: mode_t) -> String? {
        let temporary: URL
        switch prepare(file, with: data, mode: mode) {
        case .success(let written): temporary = written
        case .failure(let failure): return failure.reason
        }
        guard rename(temporary.path, file.path) == 0 else {
            let reason = SystemErrorText.current
            unlink(temporary.path)
            return reason
        }
        syncDirectory(of: file)
        return nil
    }

    /// Why a write failed, for the user.
    struct Failure: Error {
        let reason: String
    }

    /// Writes `data` with `mode` to a new temp file beside `file`, fsynced; returns its URL.
    static func prepare(_ file: URL, with data: Data, mode: mode_t) -> Result<URL, Failure> {
        let temporary = file.deletingLastPathComponent().appendingPathComponent(temporaryPrefix(of: file.lastPathComponent) + UUID().uuidString.prefix(8))
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard descriptor >= 0 else { return .failure(Failure(reason: SystemErrorText.current)) }
        let written = data.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        let synced = fchmod(descriptor, mode) == 0 && fsync(descriptor) == 0
        let reason = SystemErrorText.current
        close(descriptor)
        guard written == data.count, synced else {
            unlink(temporary.path)
            return .failure(Failure(reason: reason))
        }
        return .success(temporary)
    }

    /// How ``commit(_:over:expecting:)`` ended.
    enum Commit {
        case done
        /// Another program replaced or created `file` after it was read; nothing changed.
        /// `swappedBack`: its file had already been swapped out, and was put back.
        case raced(swappedBack: Bool)
        case failed(String)
    }

    /// Moves `temporary` over `file` only if `file` is still `expected` (nil: absent) — the
    /// file that was read. Programs that take no lock (podman and docker write their files
    /// with a rename of their own) may replace it at any moment; a rename over their new
    /// file would silently drop what they wrote. So the names are swapped atomically
    /// (renameat2 RENAME_EXCHANGE), which leaves the file just replaced at the temp name:
    /// if that is not the one read, another program wrote in between, and its file is
    /// swapped back. Where the file system cannot swap, it is checked just before a rename.
    static func commit(_ temporary: URL, over file: URL, expecting expected: FileIdentity?) -> Commit {
        let outcome: Commit
        if let expected {
            if FileIdentity(of: file.path) != expected {
                outcome = .raced(swappedBack: false)
            } else if regctl_renameat2(temporary.path, file.path, REGCTL_RENAME_EXCHANGE) == 0 {
                if FileIdentity(of: temporary.path) == expected {
                    outcome = synced(file)
                } else if regctl_renameat2(temporary.path, file.path, REGCTL_RENAME_EXCHANGE) == 0 {
                    // Swapped out another program's fresh file: it is back in place, ours goes.
                    outcome = .raced(swappedBack: true)
                } else {
                    return .failed(SystemErrorText.current)  // keeps the other program's file at the temp name
                }
            } else if errno == ENOENT {
                outcome = .raced(swappedBack: false)
            } else if errno == EINVAL || errno == ENOSYS {
                outcome = plainRename(temporary, over: file)
            } else {
                outcome = .failed(SystemErrorText.current)
            }
        } else if regctl_renameat2(temporary.path, file.path, REGCTL_RENAME_NOREPLACE) == 0 {
            outcome = synced(file)
        } else if errno == EEXIST {
            outcome = .raced(swappedBack: false)
        } else if errno == EINVAL || errno == ENOSYS {
            outcome = FileIdentity(of: file.path) == nil ? plainRename(temporary, over: file) : .raced(swappedBack: false)
        } else {
            outcome = .failed(SystemErrorText.current)
        }
        unlink(temporary.path)
        return outcome
    }

    private static func plainRename(_ temporary: URL, over file: URL) -> Commit {
        rename(temporary.path, file.path) == 0 ? synced(file) : .failed(SystemErrorText.current)
    }

    private static func synced(_ file: URL) -> Commit {
        syncDirectory(of: file)
        return .done
    }

    /// Makes a rename in the directory of `file` durable.
    static func syncDirectory(of file: URL) {
        let descriptor = open(file.deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}

/// Which file a path names: device and inode. Only meaningful while the file is held open
/// (``OpenedFile``), since a deleted file's inode number can be given to a new one.
struct FileIdentity: Equatable {
    let device: UInt64
    let inode: UInt64

    init?(of path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }

    init?(descriptor: Int32) {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}

/// A file's content and identity, read from one descriptor that stays open as long as this
/// object lives, so that the identity cannot pass to another file meanwhile.
final class OpenedFile {
    let data: Data?
    let identity: FileIdentity?
    private let descriptor: Int32

    /// Opens and reads `file`; a missing file (or a dangling link) reads as nil. Anything
    /// but a regular file of at most `limit` bytes fails, as does an I/O error.
    init(_ file: URL, limit: Int = maximumSize) throws(AtomicWrite.Failure) {
        let descriptor = open(file.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        self.descriptor = descriptor
        guard descriptor >= 0 else {
            guard errno == ENOENT else { throw AtomicWrite.Failure(reason: SystemErrorText.current) }
            data = nil
            identity = nil
            return
        }
        do {
            identity = FileIdentity(descriptor: descriptor)
            data = try Self.read(descriptor, limit: limit)
        } catch {
            Glibc.close(descriptor)
            throw error
        }
    }

    /// No auth file or config comes near this; a larger one is not what it claims to be.
    static let maximumSize = 16 << 20

    private static func read(_ descriptor: Int32, limit: Int) throws(AtomicWrite.Failure) -> Data {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw AtomicWrite.Failure(reason: SystemErrorText.current) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw AtomicWrite.Failure(reason: "it is a directory")
        default: throw AtomicWrite.Failure(reason: "it is not a regular file")
        }
        let tooLarge = AtomicWrite.Failure(reason: "it is larger than \(ByteSize.text(limit))")
        guard info.st_size <= limit else { throw tooLarge }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw AtomicWrite.Failure(reason: SystemErrorText.current) }
            if count == 0 { return Data(bytes) }
            bytes += buffer[0..<count]
            // A file in /proc or one that grows while read says nothing true of its size.
            guard bytes.count <= limit else { throw tooLarge }
        }
    }

    deinit {
        if descriptor >= 0 { Glibc.close(descriptor) }
    }
}
