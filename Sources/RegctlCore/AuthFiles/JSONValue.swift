import OrderedCollections

/// A JSON document that keeps object members in their source order and numbers
/// as their source text, so a file can be parsed, edited in a few places and
/// written back without disturbing anything else.
///
/// Equality is structural and literal: two objects are equal only with the same
/// members in the same order, and `.number("1.0")` is not equal to `.number("1")`.
public enum JSONValue: Equatable, Sendable {
    /// An object; members keep the order in which they first appeared.
    case object(OrderedDictionary<String, JSONValue>)
    /// An array.
    case array([JSONValue])
    /// A string, with its escapes decoded.
    case string(String)
    /// A number, kept exactly as its literal text (for example `1.5e3` or `-0`).
    case number(String)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null

    /// The members of an object, or `nil` if this value is not an object.
    public var objectValue: OrderedDictionary<String, JSONValue>? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The elements of an array, or `nil` if this value is not an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The decoded text of a string, or `nil` if this value is not a string.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The member named `key` of an object, or `nil` if it is absent or this
    /// value is not an object.
    ///
    /// Setting a value replaces an existing member in place and appends a new
    /// member at the end; setting `nil` removes the member. Setting on a value
    /// that is not an object does nothing.
    public subscript(key: String) -> JSONValue? {
        get { objectValue?[key] }
        set {
            guard case .object(var members) = self else { return }
            self = .null  // drop our reference so `members` is mutated in place
            members[key] = newValue
            self = .object(members)
        }
    }

    /// The value as pretty-printed JSON, byte for byte as Go's
    /// `json.MarshalIndent(v, "", indent)` writes it (docker's `config.json` style).
    ///
    /// Members and elements go one per line, indented by `indent` per level; empty
    /// objects and arrays are written as `{}` and `[]`. Strings are escaped as Go's
    /// `encoding/json` does by default, including its HTML-safe escapes of `<`, `>`
    /// and `&` and of U+2028 and U+2029; other non-ASCII text is written as is.
    /// Numbers are written as their kept text. There is no trailing newline.
    /// With `indent` nil the output is compact, as `json.Marshal` writes it.
    public func serialized(indent: String? = "\t") -> String {
        var out = ""
        write(to: &out, indent: indent, level: 0)
        return out
    }

    private func write(to out: inout String, indent: String?, level: Int) {
        switch self {
        case .null:
            out += "null"
        case .bool(let flag):
            out += flag ? "true" : "false"
        case .number(let text):
            out += text
        case .string(let text):
            Self.writeString(text, to: &out)
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                Self.newline(&out, indent: indent, level: level + 1)
                item.write(to: &out, indent: indent, level: level + 1)
            }
            Self.newline(&out, indent: indent, level: level)
            out += "]"
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out += "," }
                Self.newline(&out, indent: indent, level: level + 1)
                Self.writeString(key, to: &out)
                out += indent == nil ? ":" : ": "
                value.write(to: &out, indent: indent, level: level + 1)
            }
            Self.newline(&out, indent: indent, level: level)
            out += "}"
        }
    }

    private static func newline(_ out: inout String, indent: String?, level: Int) {
        guard let indent else { return }
        out += "\n"
        for _ in 0..<level { out += indent }
    }

    private static func writeString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{00}"..."\u{1F}", "<", ">", "&", "\u{2028}", "\u{2029}":
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
