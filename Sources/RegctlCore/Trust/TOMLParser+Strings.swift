/// TOML's four kinds of string, as their text.
extension TOMLParser {
    mutating func basicString() throws(TOMLSyntaxError) -> String {
        index += 1
        var text: [UInt8] = []
        while true {
            guard let byte = peek(), byte != UInt8(ascii: "\n") else { throw failure("a string is not closed on its line") }
            index += 1
            if byte == UInt8(ascii: "\"") { return String(decoding: text, as: UTF8.self) }
            if byte == UInt8(ascii: "\\") { text += try escape() } else { text.append(try allowed(byte)) }
        }
    }

    mutating func literalString() throws(TOMLSyntaxError) -> String {
        index += 1
        let start = index
        while true {
            guard let byte = peek(), byte != UInt8(ascii: "\n") else { throw failure("a string is not closed on its line") }
            index += 1
            if byte == UInt8(ascii: "'") { return String(decoding: bytes[start..<index - 1], as: UTF8.self) }
            _ = try allowed(byte)
        }
    }

    /// `"""…"""` or `'''…'''`: a newline right after the opening is dropped; in a basic one,
    /// escapes apply and a backslash at a line's end joins it to the next non-blank.
    mutating func multilineString(quote: Character) throws(TOMLSyntaxError) -> String {
        let delimiter = quote.asciiValue!
        index += 3
        if starts(with: "\r\n") { index += 1 }
        if consume("\n") { line += 1 }
        var text: [UInt8] = []
        while true {
            guard let byte = peek() else { throw failure("a multi-line string is not closed") }
            if byte == delimiter, starts(with: String(repeating: quote, count: 3)) {
                var count = 0
                while peek() == delimiter, count < 5 { index += 1; count += 1 }
                return String(decoding: text + Array(repeating: delimiter, count: count - 3), as: UTF8.self)
            }
            index += 1
            if byte == UInt8(ascii: "\\") && delimiter == UInt8(ascii: "\"") {
                if let skipped = lineEndingBackslash() { line += skipped } else { text += try escape() }
            } else if byte == UInt8(ascii: "\n") {
                line += 1
                text.append(byte)
            } else if byte == UInt8(ascii: "\r") && peek() == UInt8(ascii: "\n") {
                text.append(byte)
            } else {
                text.append(try allowed(byte))
            }
        }
    }

    /// After a backslash: blanks to the end of the line and all blanks and newlines after it,
    /// skipped; the newlines counted. Nil, moving nothing, when the line goes on.
    private mutating func lineEndingBackslash() -> Int? {
        var probe = index
        while probe < bytes.count, bytes[probe] == UInt8(ascii: " ") || bytes[probe] == UInt8(ascii: "\t") || bytes[probe] == UInt8(ascii: "\r") { probe += 1 }
        guard probe < bytes.count, bytes[probe] == UInt8(ascii: "\n") else { return nil }
        var newlines = 0
        while probe < bytes.count, [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n")].contains(bytes[probe]) {
            if bytes[probe] == UInt8(ascii: "\n") { newlines += 1 }
            probe += 1
        }
        index = probe
        return newlines
    }

    private mutating func escape() throws(TOMLSyntaxError) -> [UInt8] {
        guard let byte = peek() else { throw failure("a string ends in a backslash") }
        index += 1
        switch byte {
        case UInt8(ascii: "b"): return [0x08]
        case UInt8(ascii: "t"): return [0x09]
        case UInt8(ascii: "n"): return [0x0A]
        case UInt8(ascii: "f"): return [0x0C]
        case UInt8(ascii: "r"): return [0x0D]
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): return [byte]
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = byte == UInt8(ascii: "u") ? 4 : 8
            let digits = String(decoding: bytes[index..<min(index + count, bytes.count)], as: UTF8.self)
            guard digits.count == count, digits.allSatisfy(\.isHexDigit), let code = UInt32(digits, radix: 16),
                  let scalar = Unicode.Scalar(code) else { throw failure("a \\\(Character(Unicode.Scalar(byte))) escape is not a Unicode scalar") }
            index += count
            return Array(String(Character(scalar)).utf8)
        default: throw failure("\\\(UntrustedText.escaped(String(Character(Unicode.Scalar(byte))))) is not an escape")
        }
    }
}
