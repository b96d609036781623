/// A TOML 1.0 document as a program that reads it sees it: its tables, keys and values,
/// nothing of its layout. regctl reads containerd's `hosts.toml` with it, to check that an
/// edit changed nothing but the one key it added (``ContainerdHostsFile``).
public struct TOMLDocument {
    /// The top-level table.
    let root: TOMLTable
    /// Where the first `[table]` or `[[array]]` header's line starts, in UTF-8 bytes; nil when
    /// the document has none. A key inserted there is a top-level key.
    let firstHeaderOffset: Int?
    /// The line (from 1) of each top-level `key = value`, for the keys set that way.
    let topLevelKeyLines: [String: Int]

    /// Reads `text`; throws the line and reason of the first thing that is not TOML.
    public init(parsing text: String) throws(TOMLSyntaxError) {
        var parser = TOMLParser(Array(text.utf8))
        try parser.parseDocument()
        root = parser.root
        firstHeaderOffset = parser.firstHeaderOffset
        topLevelKeyLines = parser.topLevelKeyLines
    }
}

/// Why a text is not a TOML document.
public struct TOMLSyntaxError: Error, Equatable {
    /// The line, counted from 1.
    let line: Int
    let reason: String

    /// `line 4: reason`.
    var text: String { "line \(line): \(reason)" }
}

/// A TOML value: strings as their text, other scalars (integers, floats, booleans, dates)
/// as written, arrays and tables by their contents.
enum TOMLValue: Equatable {
    case string(String)
    case scalar(String)
    case array(TOMLArray)
    case table(TOMLTable)

    /// The value in TOML's own notation, with control characters escaped.
    var written: String {
        switch self {
        case .string(let text): "\"" + UntrustedText.escaped(text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")) + "\""
        case .scalar(let text): UntrustedText.escaped(text)
        case .array(let array): "[" + array.items.map(\.written).joined(separator: ", ") + "]"
        case .table(let table): "{" + table.entries.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value.written)" }.joined(separator: ", ") + "}"
        }
    }
}

/// A table, shared while the parser fills it in.
final class TOMLTable: Equatable {
    /// What made a table, which decides what may add to it later.
    enum Origin {
        /// A header or dotted key that names a table inside it: a `[header]` may still define it.
        case implicit
        /// Its `[header]`: only sub-tables may be added, by headers.
        case header
        /// `a.b = …` keys: more such keys may add to it, a header only sub-tables.
        case dottedKeys
        /// `{ … }`: complete.
        case inline
    }

    var entries: [String: TOMLValue]
    var origin: Origin

    init(_ entries: [String: TOMLValue] = [:], origin: Origin = .implicit) {
        self.entries = entries
        self.origin = origin
    }

    static func == (lhs: TOMLTable, rhs: TOMLTable) -> Bool { lhs.entries == rhs.entries }
}

/// An array, shared while the parser appends the tables of `[[header]]`s to it.
final class TOMLArray: Equatable {
    var items: [TOMLValue]
    /// Made by `[[header]]`s, so that more may be appended.
    let ofHeaders: Bool

    init(_ items: [TOMLValue] = [], ofHeaders: Bool = false) {
        self.items = items
        self.ofHeaders = ofHeaders
    }

    static func == (lhs: TOMLArray, rhs: TOMLArray) -> Bool { lhs.items == rhs.items }
}
