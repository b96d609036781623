import FoundationEssentials
import Glibc

/// Writes and removes `ca.crt` files in certs.d: directories 0755, files 0644, atomically
/// (temp file in the same directory, fsync, rename), never through a symbolic link, and
/// never touching the other files of a directory (client `*.cert`/`*.key`).
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
        try refuseSymbolicLink(directory)
        try refuseSymbolicLink(file)
        do {
            try createDirectories(directory)
        } catch {
            throw .writeFailed(path: directory.path, reason: "\(error)")
        }
        if let reason = AtomicWrite.replace(file, with: Data(contents.utf8), mode: 0o644) {
            throw .writeFailed(path: file.path, reason: reason)
        }
    }

    /// Removes `file`, then its directory if nothing else is left in it.
    static func remove(_ file: URL) throws(TrustError) {
        try refuseSymbolicLink(file.deletingLastPathComponent())
        guard unlink(file.path) == 0 || errno == ENOENT else {
            throw .writeFailed(path: file.path, reason: SystemErrorText.current)
        }
        rmdir(file.deletingLastPathComponent().path)
    }

    private static func refuseSymbolicLink(_ url: URL) throws(TrustError) {
        var info = stat()
        if lstat(url.path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK { throw .symbolicLink(path: url.path) }
    }

    private static func createDirectories(_ directory: URL) throws {
        guard !FileManager.default.fileExists(atPath: directory.path) else { return }
        try createDirectories(directory.deletingLastPathComponent())
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
        chmod(directory.path, 0o755)
    }
}
