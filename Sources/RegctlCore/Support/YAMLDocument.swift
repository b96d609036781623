import CYAML
import OrderedCollections

/// A YAML document read with libyaml and turned into JSON, as client-go's
/// `sigs.k8s.io/yaml` does before it decodes a kubeconfig.
///
/// Plain scalars resolve as YAML's core schema does for what a kubeconfig holds:
/// `null`, `~` and nothing are null, `true` and `false` are booleans, and every other
/// scalar — numbers included — is a string. Quoted scalars and `!!str` are strings.
/// Anchors and aliases are expanded; only the first document of a stream is read.
package enum YAMLDocument {
    /// Why a text is not YAML, with libyaml's words and the place it stopped.
    package struct SyntaxError: Error, CustomStringConvertible {
        package let description: String
    }

    /// The most nodes a document may expand to, aliases included.
    static let nodeLimit = 1_000_000

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

/// Builds one JSON tree from libyaml's events.
private struct TreeBuilder {
    private enum Frame {
        case sequence([JSONValue], anchor: String?, size: Int)
        case mapping(OrderedDictionary<String, JSONValue>, key: String?, anchor: String?, size: Int)
    }

    private var stack: [Frame] = []
    private var anchors: [String: (value: JSONValue, size: Int)] = [:]
    private var nodes = 0

    /// Takes one event; returns the whole document once it is complete.
    mutating func take(_ event: yaml_event_t) throws(YAMLDocument.SyntaxError) -> JSONValue? {
        switch event.type {
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            let isString = scalar.style != YAML_PLAIN_SCALAR_STYLE || Self.string(scalar.tag) == "tag:yaml.org,2002:str"
            if case .mapping(let members, nil, let anchor, let size) = stack.last {
                stack[stack.count - 1] = .mapping(members, key: text, anchor: anchor, size: size)
                return nil
            }
            return try add(isString ? .string(text) : Self.resolve(plain: text), size: 1, anchor: Self.string(scalar.anchor), at: event)
        case YAML_ALIAS_EVENT:
            let name = Self.string(event.data.alias.anchor) ?? ""
            guard let target = anchors[name] else {
                throw Self.error("the alias *\(name) names no anchor", at: event)
            }
            return try add(target.value, size: target.size, anchor: nil, at: event)
        case YAML_SEQUENCE_START_EVENT:
            stack.append(.sequence([], anchor: Self.string(event.data.sequence_start.anchor), size: 1))
        case YAML_MAPPING_START_EVENT:
            stack.append(.mapping([:], key: nil, anchor: Self.string(event.data.mapping_start.anchor), size: 1))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            switch stack.removeLast() {
            case .sequence(let items, let anchor, let size):
                return try add(.array(items), size: size, anchor: anchor, at: event, counted: true)
            case .mapping(let members, _, let anchor, let size):
                return try add(.object(members), size: size, anchor: anchor, at: event, counted: true)
            }
        case YAML_DOCUMENT_END_EVENT, YAML_STREAM_END_EVENT:
            return .null
        default:
            break
        }
        return nil
    }

    private mutating func add(
        _ value: JSONValue, size: Int, anchor: String?, at event: yaml_event_t, counted: Bool = false
    ) throws(YAMLDocument.SyntaxError) -> JSONValue? {
        if !counted { nodes += size }
        guard nodes <= YAMLDocument.nodeLimit else {
            throw Self.error("the document expands to more than \(YAMLDocument.nodeLimit) values", at: event)
        }
        if let anchor { anchors[anchor] = (value, size) }
        guard let top = stack.popLast() else { return value }
        switch top {
        case .sequence(var items, let ownAnchor, let ownSize):
            items.append(value)
            stack.append(.sequence(items, anchor: ownAnchor, size: ownSize + size))
        case .mapping(_, nil, _, _):
            throw Self.error("a mapping key must be text", at: event)
        case .mapping(var members, .some(let key), let ownAnchor, let ownSize):
            members[key] = value
            stack.append(.mapping(members, key: nil, anchor: ownAnchor, size: ownSize + size))
        }
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
