import OrderedCollections

/// Where and why ``JSONValue/init(parsing:)`` rejected its input.
public struct JSONParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The 1-based line where parsing broke; lines end at each `"\n"`.
    public let line: Int
    /// The 1-based column where parsing broke, counted in Unicode scalars
    /// (not bytes, not grapheme clusters) from the start of the line.
    public let column: Int
    /// A short human-readable reason, such as `expected ',' or '}'`.
    public let reason: String

    /// Creates an error for the given position and reason.
    public init(line: Int, column: Int, reason: String) {
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// The position and reason, as in `line 3, column 14: expected ',' or '}'`.
    public var description: String { "line \(line), column \(column): \(reason)" }
}

extension JSONValue {
    /// The deepest nesting of objects and arrays that ``init(parsing:)`` accepts.
    public static let maximumDepth = 512

    /// Parses `text` as a single JSON value under the strict rules of RFC 8259.
    ///
    /// Only whitespace may surround the value; a UTF-8 byte order mark is rejected.
    /// Numbers are validated and kept as their text. When an object repeats a key,
    /// the last value wins but the member keeps the position of the first one.
    /// Nesting deeper than ``maximumDepth`` levels is rejected.
    public init(parsing text: String) throws(JSONParseError) {
        var parser = JSONParser(bytes: Array(text.utf8))
        self = try parser.parseDocument()
    }
}

private struct JSONParser {
    let bytes: [UInt8]
    var pos = 0

    /// An object or array that has been opened but not yet closed.
    struct Frame {
        var isObject: Bool
        var items: [JSONValue] = []
        var members: OrderedDictionary<String, JSONValue> = [:]
        var key = ""
    }

    var peek: UInt8? { pos < bytes.count ? bytes[pos] : nil }

    /// Parses iteratively with an explicit stack, so hostile nesting cannot overflow the call stack.
    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { throw fail("byte order mark is not allowed") }
        var stack: [Frame] = []
        parsing: while true {
            skipWhitespace()
            var value: JSONValue
            switch peek {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isObject = peek == UInt8(ascii: "{")
                guard stack.count < JSONValue.maximumDepth else {
                    throw fail("nesting deeper than \(JSONValue.maximumDepth) levels")
                }
                pos += 1
                skipWhitespace()
                if consume(isObject ? "}" : "]") {
                    value = isObject ? .object([:]) : .array([])
                } else {
                    let key = isObject ? try parseKey() : ""
                    stack.append(Frame(isObject: isObject, key: key))
                    continue parsing
                }
            default:
                value = try parseScalar()
            }
            while let top = stack.indices.last {
                skipWhitespace()
                let close: Unicode.Scalar = stack[top].isObject ? "}" : "]"
                if stack[top].isObject {
                    let key = stack[top].key
                    stack[top].members[key] = value
                } else {
                    stack[top].items.append(value)
                }
                if consume(",") {
                    skipWhitespace()
                    if peek == UInt8(ascii: close) { throw fail("trailing comma before '\(close)'") }
                    if stack[top].isObject { stack[top].key = try parseKey() }
                    continue parsing
                }
                guard consume(close) else { throw expected("',' or '\(close)'") }
                let frame = stack.removeLast()
                value = frame.isObject ? .object(frame.members) : .array(frame.items)
            }
            skipWhitespace()
            guard pos == bytes.count else { throw fail("trailing content after the JSON value") }
            return value
        }
    }

    /// Parses `"key"` and the `:` after it.
    mutating func parseKey() throws(JSONParseError) -> String {
        switch peek {
        case UInt8(ascii: "\""): break
        case UInt8(ascii: "'"): throw fail("strings must use double quotes")
        default: throw expected("object key in double quotes")
        }
        let key = try parseString()
        skipWhitespace()
        guard consume(":") else { throw expected("':' after object key") }
        return key
    }

    mutating func parseScalar() throws(JSONParseError) -> JSONValue {
        guard let byte = peek else { throw fail("unexpected end of file") }
        switch byte {
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            let start = pos
            while let b = peek, b.isASCIILetterOrDigit { pos += 1 }
            switch String(decoding: bytes[start..<pos], as: UTF8.self) {
            case "true": return .bool(true)
            case "false": return .bool(false)
            case "null": return .null
            case let word: throw fail("unexpected word '\(word.prefix(20))'", at: start)
            }
        case UInt8(ascii: "'"):
            throw fail("strings must use double quotes")
        case UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: "]"), UInt8(ascii: "}"):
            throw fail("expected a value")
        default:
            throw fail("unexpected character \(describe(scalar(at: pos)))")
        }
    }

    /// Checks the RFC 8259 number grammar and returns the number's text.
    mutating func parseNumber() throws(JSONParseError) -> String {
        let start = pos
        _ = consume("-")
        if consume("0") {
            if peek?.isASCIIDigit == true { throw fail("number with a leading zero", at: start) }
        } else if !skipDigits() {
            throw expected("digit after '-'")
        }
        if consume("."), !skipDigits() { throw expected("digit after '.'") }
        if consume("e") || consume("E") {
            if !consume("+") { _ = consume("-") }
            if !skipDigits() { throw expected("digit in exponent") }
        }
        return String(decoding: bytes[start..<pos], as: UTF8.self)
    }

    mutating func parseString() throws(JSONParseError) -> String {
        pos += 1
        var buffer: [UInt8] = []
        var chunkStart = pos
        while let byte = peek {
            switch byte {
            case UInt8(ascii: "\""):
                buffer += bytes[chunkStart..<pos]
                pos += 1
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                buffer += bytes[chunkStart..<pos]
                try parseEscape(into: &buffer)
                chunkStart = pos
            case UInt8(ascii: "\n"):
                throw fail("unterminated string")
            case 0..<0x20:
                throw fail("control character in string")
            default:
                pos += 1
            }
        }
        throw fail("unterminated string")
    }

    mutating func parseEscape(into buffer: inout [UInt8]) throws(JSONParseError) {
        let start = pos
        pos += 1
        guard let byte = peek else { throw fail("unterminated string") }
        pos += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(byte)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            var value = try parseHex4(escapeStart: start)
            let unpaired = "unpaired surrogate \(String(decoding: bytes[start..<pos], as: UTF8.self))"
            if (0xDC00...0xDFFF).contains(value) { throw fail(unpaired, at: start) }
            if (0xD800...0xDBFF).contains(value) {
                let lowStart = pos
                guard consume("\\"), consume("u") else { throw fail(unpaired, at: start) }
                let low = try parseHex4(escapeStart: lowStart)
                guard (0xDC00...0xDFFF).contains(low) else { throw fail(unpaired, at: start) }
                value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            }
            UTF8.encode(Unicode.Scalar(value)!) { buffer.append($0) }
        default:
            let shown = describe(scalar(at: pos - 1))
            throw fail(shown.hasPrefix("'") ? "invalid escape \\\(shown.dropFirst().dropLast())"
                                            : "invalid escape: '\\' before \(shown)", at: start)
        }
    }

    mutating func parseHex4(escapeStart: Int) throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek else { throw fail("unterminated string") }
            guard let digit = byte.hexDigitValue else { throw fail("invalid \\u escape", at: escapeStart) }
            value = value << 4 | digit
            pos += 1
        }
        return value
    }

    mutating func skipWhitespace() {
        while let b = peek, b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { pos += 1 }
    }

    /// Skips a run of digits and tells whether there was at least one.
    mutating func skipDigits() -> Bool {
        let start = pos
        while peek?.isASCIIDigit == true { pos += 1 }
        return pos > start
    }

    mutating func consume(_ scalar: Unicode.Scalar) -> Bool {
        guard peek == UInt8(ascii: scalar) else { return false }
        pos += 1
        return true
    }

    /// The scalar starting at byte `offset`, which must be the start of one.
    func scalar(at offset: Int) -> Unicode.Scalar {
        let lead = bytes[offset]
        let length = lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        return String(decoding: bytes[offset..<min(offset + length, bytes.count)], as: UTF8.self)
            .unicodeScalars.first!
    }

    /// `'x'` for a visible character, `U+XXXX` for spaces, controls and other invisibles.
    func describe(_ scalar: Unicode.Scalar) -> String {
        switch scalar.properties.generalCategory {
        case .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator,
             .unassigned, .privateUse, .surrogate:
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        default:
            return "'\(scalar)'"
        }
    }

    func expected(_ what: String) -> JSONParseError {
        fail(pos < bytes.count ? "expected \(what)" : "unexpected end of file")
    }

    /// An error at byte `offset` (default: the current position), with its line and column.
    func fail(_ reason: String, at offset: Int? = nil) -> JSONParseError {
        let offset = min(offset ?? pos, bytes.count)
        var line = 1
        var lineStart = 0
        for index in 0..<offset where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        let column = 1 + bytes[lineStart..<offset].count { $0 & 0xC0 != 0x80 }
        return JSONParseError(line: line, column: column, reason: reason)
    }
}

private extension UInt8 {
    var isASCIIDigit: Bool { (0x30...0x39).contains(self) }
    var isASCIILetterOrDigit: Bool { isASCIIDigit || (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self) }
    var hexDigitValue: UInt32? {
        switch self {
        case 0x30...0x39: UInt32(self - 0x30)
        case 0x41...0x46: UInt32(self - 0x41 + 10)
        case 0x61...0x66: UInt32(self - 0x61 + 10)
        default: nil
        }
    }
}
