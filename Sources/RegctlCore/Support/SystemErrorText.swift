import FoundationEssentials
import Glibc

/// Why a system call or file operation failed, in the system's words ("Permission denied").
public enum SystemErrorText {
    /// The text of `errno` as it is now.
    public static var current: String { text(errno) }

    /// The text of an error number.
    public static func text(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// The text of an error thrown by `FileManager` or `Data(contentsOf:)`.
    public static func describe(_ error: any Error) -> String {
        if let posix = error as? POSIXError { return text(posix.code.rawValue) }
        if let cocoa = error as? CocoaError {
            if let posix = cocoa.underlying as? POSIXError { return text(posix.code.rawValue) }
            return "file error \(cocoa.code.rawValue)"
        }
        return "\(error)"
    }
}
