import FoundationEssentials
import Glibc

/// Whole reads and writes on the process's standard streams, without buffering.
public enum StandardStreams {
    /// Writes all of `text` to `descriptor` (1 for standard output, 2 for standard error).
    public static func write(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }

    /// The most standard input may hold: a token, a password or a credential-helper
    /// request is a few KiB.
    public static let inputLimit = 64 << 10

    /// Everything standard input holds, up to its end; reads at most `limit` + 1 bytes and
    /// throws when there are more, so that an endless or huge stream is refused, not held.
    public static func readStandardInput(limit: Int = StandardStreams.inputLimit) throws(StandardInputError) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while data.count <= limit {
            let wanted = min(buffer.count, limit + 1 - data.count)
            let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, wanted) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw .unreadable(SystemErrorText.current) }
            guard count > 0 else { return data }
            data.append(contentsOf: buffer[..<count])
        }
        throw .tooLarge(limit: limit)
    }
}
