import FoundationEssentials
import Glibc

/// Replaces a file's content all at once: a temp file in the same directory, written with
/// `mode`, fsynced and renamed over the old one; readers see the old or the new file, never
/// half of one. A symbolic link at the temp name is never followed.
enum AtomicWrite {
    /// Writes `data` to `file`; returns why it failed, or nil.
    static func replace(_ file: URL, with data: Data, mode: mode_t) -> String? {
        let directory = file.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(file.lastPathComponent).regctl-\(UUID().uuidString.prefix(8))")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard descriptor >= 0 else { return SystemErrorText.current }
        let written = data.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        let synced = fchmod(descriptor, mode) == 0 && fsync(descriptor) == 0
        close(descriptor)
        guard written == data.count, synced, rename(temporary.path, file.path) == 0 else {
            let reason = SystemErrorText.current
            unlink(temporary.path)
            return reason
        }
        let directoryDescriptor = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
        return nil
    }
}
