import Foundation
import RegctlCore

/// Standard output and standard error, with every write passed through the ``Redactor``.
struct Console: Sendable {
    static let standardOutput = Console(handle: .standardOutput)
    static let standardError = Console(handle: .standardError)

    let handle: FileHandle

    func write(_ text: String) {
        handle.write(Data(Redactor.shared.redact(text).utf8))
    }

    /// Prints `value` as one pretty-printed JSON document with sorted keys.
    func writeJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        write(String(decoding: try encoder.encode(value), as: UTF8.self) + "\n")
    }
}
