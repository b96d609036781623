import FoundationEssentials

/// Reads of files other people name (a kubeconfig, its token and CA files, a `--ca-file`):
/// only regular files, and no larger than what such a file can be, so that a FIFO,
/// `/dev/zero` or a huge file is an error rather than a hang or an exhausted memory.
public enum BoundedFile {
    /// A kubeconfig: a few KiB; with many clusters and embedded CAs, some MiB.
    public static let kubeconfigLimit = 8 << 20
    /// A token file: a token is a few KiB.
    public static let tokenLimit = 64 << 10
    /// A CA file or bundle: the whole system bundle is about 200 KiB.
    public static let certificateLimit = 4 << 20

    /// The content of `path`, nil when it does not exist; throws why it cannot be read.
    public static func contents(of path: String, limit: Int) throws(BoundedFileError) -> Data? {
        do {
            return try OpenedFile(URL(fileURLWithPath: path), limit: limit).data
        } catch {
            throw BoundedFileError(path: path, reason: error.reason)
        }
    }
}

/// Why a file someone named could not be read.
public struct BoundedFileError: Error, Equatable {
    public let path: String
    public let reason: String
}

/// Sizes for people: `64 KiB`, `8 MiB`.
enum ByteSize {
    static func text(_ bytes: Int) -> String {
        bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes >> 10) KiB"
    }
}
