import FoundationEssentials
import RegctlCore

/// Standard output and standard error, with every write passed through the ``Redactor``.
struct Console: Sendable {
    static let standardOutput = Console(descriptor: 1)
    static let standardError = Console(descriptor: 2)

    let descriptor: Int32

    func write(_ text: String) {
        StandardStreams.write(Redactor.shared.redact(text), to: descriptor)
    }

    /// Prints `value` as one pretty-printed JSON document with sorted keys.
    func writeJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        write(String(decoding: try encoder.encode(value), as: UTF8.self) + "\n")
    }
}
