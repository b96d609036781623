/// A JSON value written as block-style YAML, as `oc get -o yaml` shows objects: plain text
/// where YAML reads it back as the same string, JSON-quoted text everywhere else.
public enum YAMLWriter {
    public static func text(_ value: JSONValue) -> String {
        var out = ""
        write(value, to: &out, indent: "")
        return out
    }

    private static func write(_ value: JSONValue, to out: inout String, indent: String) {
        switch value {
        case .object(let members) where !members.isEmpty:
            for (key, member) in members {
                out += indent + scalar(key) + ":"
                block(member, to: &out, indent: indent + "  ")
            }
        case .array(let items) where !items.isEmpty:
            for item in items {
                var nested = ""
                write(item, to: &nested, indent: indent + "  ")
                if case .object(let members) = item, !members.isEmpty {
                    out += indent + "- " + nested.dropFirst(indent.count + 2)
                } else if case .array(let inner) = item, !inner.isEmpty {
                    out += indent + "-\n" + nested
                } else {
                    out += indent + "- " + inline(item) + "\n"
                }
            }
        default:
            out += indent + inline(value) + "\n"
        }
    }

    /// After `key:`, a scalar on the same line or a collection on the next ones.
    private static func block(_ value: JSONValue, to out: inout String, indent: String) {
        switch value {
        case .object(let members) where !members.isEmpty:
            out += "\n"
            write(value, to: &out, indent: indent)
        case .array(let items) where !items.isEmpty:
            out += "\n"
            write(value, to: &out, indent: indent)
        default:
            out += " " + inline(value) + "\n"
        }
    }

    private static func inline(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): scalar(text)
        case .object: "{}"
        case .array: "[]"
        default: value.serialized(indent: nil)
        }
    }

    /// Text as a plain scalar when that reads back as the same string, else JSON-quoted.
    private static func scalar(_ text: String) -> String {
        let allowed = text.unicodeScalars.allSatisfy { $0.properties.isAlphabetic && $0.isASCII || "0123456789._/-".unicodeScalars.contains($0) }
        let reserved = ["true", "false", "yes", "no", "on", "off", "null", "y", "n", "~", ".inf", ".nan"].contains(text.lowercased())
        let numeric = text.first.map { $0.isNumber || $0 == "-" || $0 == "." && text.count > 1 && text.dropFirst().first!.isNumber } ?? true
        if allowed, !reserved, !numeric, !text.hasPrefix("-") { return text }
        return quoted(text)
    }

    /// A double-quoted scalar: every character YAML does not print as itself escaped —
    /// controls, and NEL, LS and PS, which YAML would fold into spaces.
    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x09: out += "\\t"
            case 0x0D: out += "\\r"
            case 0x20...0x7E, 0xA0...0x2027, 0x202A...0xD7FF, 0xE000...0xFEFE, 0xFF00...0xFFFD, 0x10000...0x10FFFF:
                out.unicodeScalars.append(scalar)
            default:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += scalar.value > 0xFFFF ? "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
                    : "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
        return out + "\""
    }
}
