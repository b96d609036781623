import FoundationEssentials
import Glibc

/// A value of a parsed JSON or YAML document and where it is in it (`.clusters[0].name`),
/// read by hand into regctl's types. `JSONDecoder` would do the same, but its run-time type
/// lookups cost about a millisecond of a short command's start-up (`perf`: 15 % of the
/// helper's `get` for regctl's config alone). As the decoder did: unknown keys are ignored
/// and `null` is an absent optional; errors say the place and what was expected
/// (`.registries.HOST.store: a value it does not know`), never a Swift type name.
struct JSONShape {
    let value: JSONValue
    let path: String

    init(_ value: JSONValue, at path: String = "") {
        self.value = value
        self.path = path
    }

    /// Why a document does not have the shape regctl reads.
    struct Mismatch: Error {
        let detail: String
    }

    /// The members of a mapping.
    struct Members {
        let all: [(key: String, value: JSONShape)]
        let path: String

        /// The member `key`; nil when it is absent or `null`.
        func optional(_ key: String) -> JSONShape? {
            guard let member = all.last(where: { $0.key == key })?.value, member.value != .null else { return nil }
            return member
        }

        func required(_ key: String) throws(Mismatch) -> JSONShape {
            guard let member = optional(key) else { throw Mismatch(detail: JSONShape.at(path) + "the key \"\(key)\" is missing") }
            return member
        }
    }

    func members() throws(Mismatch) -> Members {
        guard case .object(let members) = value else { throw mismatch("a mapping") }
        return Members(all: members.map { ($0.key, JSONShape($0.value, at: path + ".\($0.key)")) }, path: path)
    }

    func elements() throws(Mismatch) -> [JSONShape] {
        guard case .array(let elements) = value else { throw mismatch("a list") }
        return elements.enumerated().map { JSONShape($0.element, at: path + "[\($0.offset)]") }
    }

    func string() throws(Mismatch) -> String {
        guard case .string(let text) = value else { throw mismatch("a string") }
        return text
    }

    func bool() throws(Mismatch) -> Bool {
        guard case .bool(let flag) = value else { throw mismatch("true or false") }
        return flag
    }

    func choice<Choice: RawRepresentable<String>>(of: Choice.Type) throws(Mismatch) -> Choice {
        guard let choice = Choice(rawValue: try string()) else { throw unknown() }
        return choice
    }

    /// An RFC 3339 time in UTC as regctl writes it (`2026-12-02T10:52:07Z`), read without
    /// Foundation's formatters; any other ISO 8601 form through them, and so is a year before
    /// the Gregorian reform, for which Foundation's calendar (which writes the file) is Julian.
    func date() throws(Mismatch) -> Date {
        let text = try string()
        guard let date = Self.utcDate(text) ?? (try? Date(text, strategy: .iso8601)) else { throw unknown() }
        return date
    }

    private static func utcDate(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 20, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54, bytes[13] == 0x3A, bytes[16] == 0x3A, bytes[19] == 0x5A else { return nil }
        func number(_ range: Range<Int>) -> Int32? {
            var value: Int32 = 0
            for byte in bytes[range] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int32(byte - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), year > 1582, let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var parts = tm()
        (parts.tm_year, parts.tm_mon, parts.tm_mday) = (year - 1900, month - 1, day)
        (parts.tm_hour, parts.tm_min, parts.tm_sec) = (hour, minute, second)
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    private func mismatch(_ expected: String) -> Mismatch {
        Mismatch(detail: Self.at(path) + "expected " + expected)
    }

    private func unknown() -> Mismatch {
        Mismatch(detail: Self.at(path) + "a value it does not know")
    }

    static func at(_ path: String) -> String { path.isEmpty ? "" : "\(path): " }
}
