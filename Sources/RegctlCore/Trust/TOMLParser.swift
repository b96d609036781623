/// Reads TOML 1.0 (``TOMLDocument``) in one pass over its UTF-8 bytes, in linear time, with
/// arrays and inline tables nested at most ``depthLimit`` deep.
struct TOMLParser {
    static let depthLimit = 64

    let bytes: [UInt8]
    var index = 0
    var line = 1
    private var depth = 0
    private(set) var root = TOMLTable(origin: .header)
    private var current: TOMLTable
    private(set) var firstHeaderOffset: Int?
    /// The line of each `key = value` written in the top-level table itself.
    private(set) var topLevelKeyLines: [String: Int] = [:]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        current = root
    }

    mutating func parseDocument() throws(TOMLSyntaxError) {
        while true {
            skipBlank(newlines: true)
            guard let byte = peek() else { return }
            if byte == UInt8(ascii: "[") {
                if firstHeaderOffset == nil { firstHeaderOffset = bytes[..<index].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0 }
                try header()
            } else {
                let keyLine = line
                let keys = try keyValue(into: current)
                if current === root, keys.count == 1 { topLevelKeyLines[keys[0]] = keyLine }
            }
            try endOfLine()
        }
    }

    // MARK: - Structure

    private mutating func header() throws(TOMLSyntaxError) {
        index += 1
        let isArray = peek() == UInt8(ascii: "[")
        if isArray { index += 1 }
        skipBlank()
        let keys = try key()
        for _ in 0..<(isArray ? 2 : 1) {
            guard peek() == UInt8(ascii: "]") else { throw failure("a table header is not closed with ]") }
            index += 1
        }
        let parent = try table(at: keys.dropLast(), from: root)
        let last = keys.last!
        if isArray {
            let table = TOMLTable(origin: .header)
            switch parent.entries[last] {
            case nil: parent.entries[last] = .array(TOMLArray([.table(table)], ofHeaders: true))
            case .array(let array) where array.ofHeaders: array.items.append(.table(table))
            default: throw failure("\(UntrustedText.escaped(last)) is defined twice")
            }
            current = table
        } else {
            switch parent.entries[last] {
            case nil:
                current = TOMLTable(origin: .header)
                parent.entries[last] = .table(current)
            case .table(let table) where table.origin == .implicit:
                table.origin = .header
                current = table
            default: throw failure("the table \(UntrustedText.escaped(last)) is defined twice")
            }
        }
    }

    /// The table `keys` lead to from `start`, made where missing: for a header, through any
    /// table but an inline one, and through an array of `[[header]]` tables to its last one;
    /// for dotted keys, only through tables no header or braces defined, which they then define.
    private func table(at keys: ArraySlice<String>, from start: TOMLTable, dotted: Bool = false) throws(TOMLSyntaxError) -> TOMLTable {
        var table = start
        for key in keys {
            switch table.entries[key] {
            case nil:
                let child = TOMLTable(origin: dotted ? .dottedKeys : .implicit)
                table.entries[key] = .table(child)
                table = child
            case .table(let child) where dotted ? [.implicit, .dottedKeys].contains(child.origin) : child.origin != .inline:
                if dotted { child.origin = .dottedKeys }
                table = child
            case .array(let array) where array.ofHeaders && !dotted:
                guard case .table(let child) = array.items.last else { throw failure("\(UntrustedText.escaped(key)) is not a table") }
                table = child
            default: throw failure("\(UntrustedText.escaped(key)) is already defined, and cannot be added to here")
            }
        }
        return table
    }

    @discardableResult
    private mutating func keyValue(into table: TOMLTable) throws(TOMLSyntaxError) -> [String] {
        let keys = try key()
        guard peek() == UInt8(ascii: "=") else { throw failure("a key is not followed by =") }
        index += 1
        skipBlank()
        let value = try value()
        let target = try self.table(at: keys.dropLast(), from: table, dotted: true)
        guard target.entries[keys.last!] == nil else { throw failure("the key \(UntrustedText.escaped(keys.last!)) is defined twice") }
        target.entries[keys.last!] = value
        return keys
    }

    /// A key, dotted or not, and the blanks after it.
    private mutating func key() throws(TOMLSyntaxError) -> [String] {
        var keys: [String] = []
        repeat {
            skipBlank()
            switch peek() {
            case UInt8(ascii: "\""): keys.append(try basicString())
            case UInt8(ascii: "'"): keys.append(try literalString())
            default:
                let start = index
                while let byte = peek(), byte.isBareKey { index += 1 }
                guard index > start else { throw failure("a key is expected") }
                keys.append(String(decoding: bytes[start..<index], as: UTF8.self))
            }
            skipBlank()
        } while consume(".")
        return keys
    }

    // MARK: - Values

    private mutating func value() throws(TOMLSyntaxError) -> TOMLValue {
        switch peek() {
        case UInt8(ascii: "\""): return .string(try starts(with: "\"\"\"") ? multilineString(quote: "\"") : basicString())
        case UInt8(ascii: "'"): return .string(try starts(with: "'''") ? multilineString(quote: "'") : literalString())
        case UInt8(ascii: "["): return .array(try nested { (parser: inout TOMLParser) throws(TOMLSyntaxError) in try parser.array() })
        case UInt8(ascii: "{"): return .table(try nested { (parser: inout TOMLParser) throws(TOMLSyntaxError) in try parser.inlineTable() })
        default: return .scalar(try scalar())
        }
    }

    private mutating func nested<T>(_ body: (inout TOMLParser) throws(TOMLSyntaxError) -> T) throws(TOMLSyntaxError) -> T {
        depth += 1
        guard depth <= Self.depthLimit else { throw failure("arrays and tables are nested more than \(Self.depthLimit) deep") }
        defer { depth -= 1 }
        index += 1
        return try body(&self)
    }

    private mutating func array() throws(TOMLSyntaxError) -> TOMLArray {
        let array = TOMLArray()
        while true {
            skipBlank(newlines: true)
            if consume("]") { return array }
            array.items.append(try value())
            skipBlank(newlines: true)
            if consume("]") { return array }
            guard consume(",") else { throw failure("an array's values are not separated by commas") }
        }
    }

    private mutating func inlineTable() throws(TOMLSyntaxError) -> TOMLTable {
        let table = TOMLTable(origin: .inline)
        skipBlank()
        if consume("}") { return table }
        while true {
            try keyValue(into: table)
            skipBlank()
            if consume("}") { return table }
            guard consume(",") else { throw failure("an inline table is not closed with } on its line") }
        }
    }

    /// An integer, float, boolean or date, as written.
    private mutating func scalar() throws(TOMLSyntaxError) -> String {
        let start = index
        while let byte = peek(), byte.isBareKey || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
            || (byte == UInt8(ascii: " ") && index - start == 10 && bytes[start + 4] == UInt8(ascii: "-") && next(isDigit: 1)) {
            index += 1
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        let unsigned = text.hasPrefix("+") || text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        guard ["true", "false"].contains(text) || ["inf", "nan"].contains(unsigned) || unsigned.first?.isASCIIDigit == true else {
            throw failure(text.isEmpty ? "a value is expected" : "\(UntrustedText.escaped(text)) is not a value")
        }
        return text
    }

    // MARK: - Bytes

    func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    private func next(isDigit offset: Int) -> Bool {
        index + offset < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index + offset])
    }

    func starts(with text: String) -> Bool { bytes[index...].starts(with: text.utf8) }

    mutating func consume(_ character: Unicode.Scalar) -> Bool {
        guard peek() == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    /// Control characters other than tab are not allowed in strings and comments.
    func allowed(_ byte: UInt8) throws(TOMLSyntaxError) -> UInt8 {
        guard byte >= 0x20 && byte != 0x7F || byte == 0x09 else { throw failure("a control character is not allowed here") }
        return byte
    }

    /// Spaces, tabs and a comment; with `newlines`, also line breaks and the lines after them.
    private mutating func skipBlank(newlines: Bool = false) {
        while let byte = peek() {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { index += 1 }
            else if byte == UInt8(ascii: "#") { while let next = peek(), next >= 0x20 && next != 0x7F || next == 0x09 { index += 1 } }
            else if newlines && byte == UInt8(ascii: "\n") { index += 1; line += 1 }
            else if newlines && byte == UInt8(ascii: "\r") && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\n") { index += 1 }
            else { return }
        }
    }

    /// What may follow a key's value or a header: blanks, a comment, a line break.
    private mutating func endOfLine() throws(TOMLSyntaxError) {
        skipBlank()
        _ = consume("\r")
        guard peek() == nil || peek() == UInt8(ascii: "\n") else { throw failure("unexpected text after a value or header") }
    }

    func failure(_ reason: String) -> TOMLSyntaxError { TOMLSyntaxError(line: line, reason: reason) }
}

private extension UInt8 {
    var isBareKey: Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || self == UInt8(ascii: "_") || self == UInt8(ascii: "-")
    }
}
