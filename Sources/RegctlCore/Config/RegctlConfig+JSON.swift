import FoundationEssentials
import Glibc

/// regctl's config read from its parsed JSON by hand, not by `JSONDecoder`: every command
/// reads this file, and the decoder's run-time type lookups cost about a millisecond of a
/// start-up (`perf`: 15 % of the helper's `get` for a bound login). Unknown keys are
/// ignored and `null` is an absent optional, as the decoder had it; a value of the wrong
/// kind is said with its place, in ``DecodingErrorText``'s words.
extension RegctlConfig {
    init(json: JSONValue) throws(ConfigShapeError) {
        let root = try JSONPlace(json, at: "").members()
        self.init()
        if let registries = try root.optional("registries") {
            for (host, value) in try registries.members().all {
                self.registries[host] = try Registry(try value.members())
            }
        }
        engine = try root.optional("engine")?.choice(of: ContainerEngine.self)
    }
}

extension RegctlConfig.Registry {
    fileprivate init(_ fields: JSONPlace.Members) throws(ConfigShapeError) {
        self.init(store: try fields.required("store").choice(of: CredentialStoreKind.self), username: try fields.required("username").string())
        context = try fields.optional("context")?.string()
        cluster = try fields.optional("cluster")?.string()
        kubeconfig = try fields.optional("kubeconfig")?.string()
        if let token = try fields.optional("token")?.members() {
            self.token = TokenRecord(id: try token.required("id").string(), expiry: try token.optional("expiry")?.date())
        }
    }
}

/// Where regctl's config does not have the shape regctl reads: the place and what was expected.
struct ConfigShapeError: Error {
    let detail: String
}

/// A value of the config and where it is (`.registries.HOST.store`).
private struct JSONPlace {
    let value: JSONValue
    let path: String

    init(_ value: JSONValue, at path: String) {
        self.value = value
        self.path = path
    }

    struct Members {
        let all: [(String, JSONPlace)]
        let path: String

        /// The member `key`; nil when it is absent or `null`.
        func optional(_ key: String) throws(ConfigShapeError) -> JSONPlace? {
            guard let member = all.last(where: { $0.0 == key })?.1, member.value != .null else { return nil }
            return member
        }

        func required(_ key: String) throws(ConfigShapeError) -> JSONPlace {
            guard let member = try optional(key) else { throw ConfigShapeError(detail: JSONPlace.at(path) + "the key \"\(key)\" is missing") }
            return member
        }
    }

    func members() throws(ConfigShapeError) -> Members {
        guard case .object(let members) = value else { throw mismatch("a mapping") }
        return Members(all: members.map { ($0.key, JSONPlace($0.value, at: path + ".\($0.key)")) }, path: path)
    }

    func string() throws(ConfigShapeError) -> String {
        guard case .string(let text) = value else { throw mismatch("a string") }
        return text
    }

    func choice<Choice: RawRepresentable<String>>(of: Choice.Type) throws(ConfigShapeError) -> Choice {
        guard let choice = Choice(rawValue: try string()) else { throw ConfigShapeError(detail: Self.at(path) + "a value it does not know") }
        return choice
    }

    /// An RFC 3339 time in UTC as regctl writes it (`2026-12-02T10:52:07Z`), read without
    /// Foundation's formatters; any other ISO 8601 form through them.
    func date() throws(ConfigShapeError) -> Date {
        let text = try string()
        if let date = Self.utcDate(text) ?? (try? Date(text, strategy: .iso8601)) { return date }
        throw ConfigShapeError(detail: Self.at(path) + "a value it does not know")
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
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var parts = tm()
        (parts.tm_year, parts.tm_mon, parts.tm_mday) = (year - 1900, month - 1, day)
        (parts.tm_hour, parts.tm_min, parts.tm_sec) = (hour, minute, second)
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    private func mismatch(_ expected: String) -> ConfigShapeError {
        ConfigShapeError(detail: Self.at(path) + "expected " + expected)
    }

    static func at(_ path: String) -> String { path.isEmpty ? "" : "\(path): " }
}
