import CYAML
import OrderedCollections

/// A YAML document read with libyaml and turned into JSON, as client-go's
/// `sigs.k8s.io/yaml` does before it decodes a kubeconfig.
///
/// Plain scalars resolve as YAML's core schema does for what a kubeconfig holds:
/// `null`, `~` and nothing are null, `true` and `false` are booleans, and every other
/// scalar — numbers included — is a string. Quoted scalars and `!!str` are strings.
/// Anchors and aliases are expanded; only the first document of a stream is read. A
/// document is read in time linear in its events, and refused once it nests deeper than
/// ``depthLimit`` or expands, aliases included, beyond ``nodeLimit`` values or
/// ``textLimit`` bytes of text — before the tree grows or anything recurses through it.
package enum YAMLDocument {
    /// Why a text is not YAML, with libyaml's words and the place it stopped.
    package struct SyntaxError: Error, CustomStringConvertible {
        package let description: String
    }

    /// The most values a document may expand to, aliases, keys and collections included.
    static let nodeLimit = 1_000_000
    /// The most text (keys and scalars, in bytes) a document may expand to, aliases included:
    /// twice the largest kubeconfig read.
    static let textLimit = 16 << 20
    /// The deepest nesting of collections, aliases expanded; a kubeconfig is about 6 deep.
    static let depthLimit = 64

    /// The first document of `bytes` as a JSON value (`.null` for an empty stream).
    package static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> JSONValue {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { throw SyntaxError(description: "out of memory") }
        defer { yaml_parser_delete(&parser) }
        let result: Result<JSONValue, SyntaxError> = bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var builder = TreeBuilder()
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return .failure(syntaxError(parser)) }
                defer { yaml_event_delete(&event) }
                do throws(YAMLDocument.SyntaxError) {
                    if let document = try builder.take(event) { return .success(document) }
                } catch {
                    return .failure(error)
                }
            }
        }
        return try result.get()
    }

    private static func syntaxError(_ parser: yaml_parser_t) -> SyntaxError {
        let problem = parser.problem.map { String(cString: $0) } ?? "not YAML"
        let context = parser.context.map { " (\(String(cString: $0)))" } ?? ""
        let mark = parser.problem_mark
        return SyntaxError(description: "line \(mark.line + 1), column \(mark.column + 1): \(problem)\(context)")
    }
}

/// Builds one JSON tree from libyaml's events, in time linear in their number and within
/// the document's limits, with aliases counted as the values they expand to.
private struct TreeBuilder {
    /// What a value costs once expanded, and how many collections deep it reaches.
    private struct Size {
        var nodes = 1
        var text = 0
        var height = 0

        static func scalar(_ text: String) -> Size { Size(text: text.utf8.count) }

        /// Grows a collection's size by a value it holds.
        mutating func add(_ child: Size) {
            nodes += child.nodes
            text += child.text
            height = max(height, child.height + 1)
        }
    }

    /// A collection that has been opened but not yet closed; filled in place.
    private struct Frame {
        let isMapping: Bool
        let anchor: String?
        var items: [JSONValue] = []
        var members: OrderedDictionary<String, JSONValue> = [:]
        /// The key whose value comes next, in a mapping.
        var key: String?
        var size = Size(height: 1)
    }

    private var stack: [Frame] = []
    private var anchors: [String: (value: JSONValue, size: Size)] = [:]
    /// What the document has expanded to so far.
    private var expandedNodes = 0, expandedText = 0

    /// Takes one event; returns the whole document once it is complete.
    mutating func take(_ event: yaml_event_t) throws(YAMLDocument.SyntaxError) -> JSONValue? {
        switch event.type {
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            let isString = scalar.style != YAML_PLAIN_SCALAR_STYLE || Self.string(scalar.tag) == "tag:yaml.org,2002:str"
            if let top = stack.indices.last, stack[top].isMapping, stack[top].key == nil {
                try count(.scalar(text), at: event)
                stack[top].key = text
                stack[top].size.add(.scalar(text))
                return nil
            }
            return try add(isString ? .string(text) : Self.resolve(plain: text), size: .scalar(text), anchor: Self.string(scalar.anchor), at: event)
        case YAML_ALIAS_EVENT:
            let name = Self.string(event.data.alias.anchor) ?? ""
            guard let target = anchors[name] else {
                throw Self.error("the alias *\(name) names no anchor", at: event)
            }
            return try add(target.value, size: target.size, anchor: nil, at: event)
        case YAML_SEQUENCE_START_EVENT:
            try open(mapping: false, anchor: Self.string(event.data.sequence_start.anchor), at: event)
        case YAML_MAPPING_START_EVENT:
            try open(mapping: true, anchor: Self.string(event.data.mapping_start.anchor), at: event)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            let frame = stack.removeLast()
            return try add(frame.isMapping ? .object(frame.members) : .array(frame.items), size: frame.size, anchor: frame.anchor, at: event, counted: true)
        case YAML_DOCUMENT_END_EVENT, YAML_STREAM_END_EVENT:
            return .null
        default:
            break
        }
        return nil
    }

    private mutating func open(mapping: Bool, anchor: String?, at event: yaml_event_t) throws(YAMLDocument.SyntaxError) {
        try count(Size(height: 1), at: event)
        stack.append(Frame(isMapping: mapping, anchor: anchor))
    }

    /// Adds `size` to the whole document's, refusing what goes beyond a limit.
    private mutating func count(_ size: Size, at event: yaml_event_t) throws(YAMLDocument.SyntaxError) {
        guard stack.count + size.height <= YAMLDocument.depthLimit else {
            throw Self.error("nested deeper than \(YAMLDocument.depthLimit) levels", at: event)
        }
        expandedNodes += size.nodes
        expandedText += size.text
        guard expandedNodes <= YAMLDocument.nodeLimit else {
            throw Self.error("the document expands to more than \(YAMLDocument.nodeLimit) values", at: event)
        }
        guard expandedText <= YAMLDocument.textLimit else {
            throw Self.error("the document expands to more than \(ByteSize.text(YAMLDocument.textLimit)) of text", at: event)
        }
    }

    /// Adds a complete value to the collection being built, or returns it as the document.
    private mutating func add(
        _ value: JSONValue, size: Size, anchor: String?, at event: yaml_event_t, counted: Bool = false
    ) throws(YAMLDocument.SyntaxError) -> JSONValue? {
        if !counted { try count(size, at: event) }
        if let anchor { anchors[anchor] = (value, size) }
        guard let top = stack.indices.last else { return value }
        if stack[top].isMapping {
            guard let key = stack[top].key else { throw Self.error("a mapping key must be text", at: event) }
            stack[top].members[key] = value
            stack[top].key = nil
        } else {
            stack[top].items.append(value)
        }
        stack[top].size.add(size)
        return nil
    }

    private static func resolve(plain text: String) -> JSONValue {
        switch text {
        case "", "~", "null", "Null", "NULL": .null
        case "true", "True", "TRUE": .bool(true)
        case "false", "False", "FALSE": .bool(false)
        default: .string(text)
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private static func error(_ problem: String, at event: yaml_event_t) -> YAMLDocument.SyntaxError {
        let mark = event.start_mark
        return YAMLDocument.SyntaxError(description: "line \(mark.line + 1), column \(mark.column + 1): \(problem)")
    }
}
