import Foundation
import Testing
@testable import RegctlCore
import RegctlTestSupport

@Suite("YAML documents, read as client-go reads a kubeconfig")
struct YAMLDocumentTests {
    private func parse(_ text: String) throws -> JSONValue {
        try YAMLDocument.parse(Array(text.utf8))
    }

    private func failure(_ text: String) -> String? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test("a kubeconfig as oc writes it becomes the same tree as its JSON form")
    func ocKubeconfig() throws {
        let yaml = """
            apiVersion: v1
            clusters:
            - cluster:
                certificate-authority-data: LS0tLS1CRUdJTg==
                server: https://api.crc.testing:6443
              name: api-crc-testing:6443
            contexts:
            - context:
                cluster: api-crc-testing:6443
                namespace: "007"
                user: developer/api-crc-testing:6443
              name: default/api-crc-testing:6443/developer
            current-context: default/api-crc-testing:6443/developer
            kind: Config
            preferences: {}
            users:
            - name: developer/api-crc-testing:6443
              user:
                token: sha256~abc
            """
        let json = """
            {"apiVersion":"v1","clusters":[{"cluster":{"certificate-authority-data":"LS0tLS1CRUdJTg==","server":"https://api.crc.testing:6443"},"name":"api-crc-testing:6443"}],\
            "contexts":[{"context":{"cluster":"api-crc-testing:6443","namespace":"007","user":"developer/api-crc-testing:6443"},"name":"default/api-crc-testing:6443/developer"}],\
            "current-context":"default/api-crc-testing:6443/developer","kind":"Config","preferences":{},\
            "users":[{"name":"developer/api-crc-testing:6443","user":{"token":"sha256~abc"}}]}
            """
        let fromYAML = try parse(yaml)
        #expect(fromYAML == (try parse(json)))
        #expect(fromYAML.serialized(indent: nil) == json)
    }

    @Test("plain scalars: null, booleans, and everything else as text; quoted text stays text")
    func scalars() throws {
        let value = try parse("""
            a: ~
            b:
            c: null
            d: true
            e: False
            f: 6443
            g: "true"
            h: 'null'
            i: !!str yes
            j: 1.5e3
            """)
        #expect(value == .object([
            "a": .null, "b": .null, "c": .null, "d": .bool(true), "e": .bool(false),
            "f": .string("6443"), "g": .string("true"), "h": .string("null"), "i": .string("yes"), "j": .string("1.5e3"),
        ]))
    }

    @Test("flow collections, block scalars and multi-line strings")
    func styles() throws {
        let value = try parse("""
            args: [get-token, "--server", 'x y']
            env: []
            literal: |
              line one
              line two
            folded: >
              one
              two
            """)
        #expect(value["args"] == .array([.string("get-token"), .string("--server"), .string("x y")]))
        #expect(value["env"] == .array([]))
        #expect(value["literal"] == .string("line one\nline two\n"))
        #expect(value["folded"] == .string("one two"))  // the text ends without a line break
    }

    @Test("anchors and aliases are expanded; an alias without its anchor is an error")
    func aliases() throws {
        let value = try parse("""
            base: &cluster {server: "https://a:6443"}
            copy: *cluster
            """)
        #expect(value["copy"] == value["base"])
        #expect(failure("a: *nowhere\n")?.contains("*nowhere") == true)
    }

    @Test("a document that expands beyond the limit (billion laughs) is refused")
    func expansionLimit() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            text += "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        #expect(failure(text) == "line 6, column 45: the document expands to more than 1000000 values")
    }

    @Test("aliases of aliases count as every value they expand to: exactly the limit is read, one value more is refused")
    func nestedAliasCount() throws {
        // Sizes: a0 = 1 + 9 = 10 values; each further level 1 + 10 × the one before.
        var items = ["&a0 [\(Array(repeating: "x", count: 9).joined(separator: ", "))]"]
        for level in 1...4 { items.append("&a\(level) [\(Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", "))]") }
        // 1 + 10 + 101 + 1,011 + 10,111 + 101,111 = 112,345; the copies below bring it to 1,000,000.
        for (level, copies) in [(4, 8), (3, 7), (2, 7), (1, 9)] { items += Array(repeating: "*a\(level)", count: copies) }
        items += Array(repeating: "x", count: 4)
        let document = try parse("[\(items.joined(separator: ", "))]")
        #expect(Self.count(document) == YAMLDocument.nodeLimit)
        #expect(failure("[\(items.joined(separator: ", ")), x]")?.hasSuffix("the document expands to more than 1000000 values") == true)
    }

    @Test("text that aliases multiply beyond 16 MiB is refused; exactly 16 MiB is read")
    func textLimit() throws {
        let mebibyte = "&a \"\(String(repeating: "x", count: 1 << 20))\""
        let sixteen = try parse("[\(([mebibyte] + Array(repeating: "*a", count: 15)).joined(separator: ", "))]")
        #expect(sixteen.arrayValue?.count == 16)
        let seventeen = "[\(([mebibyte] + Array(repeating: "*a", count: 16)).joined(separator: ", "))]"
        #expect(failure(seventeen) == "line 1, column \(1_048_585 + 15 * 4): the document expands to more than 16 MiB of text")
    }

    @Test("64 levels of nesting are read; the 65th is refused where it opens, in flow and block style")
    func depthLimit() throws {
        let deepest = try parse(String(repeating: "[", count: 64) + String(repeating: "]", count: 64))
        #expect(Self.height(deepest) == 64)
        let flow = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(failure(flow) == "line 1, column 65: nested deeper than 64 levels")
        let block = (0..<65).map { String(repeating: "  ", count: $0) + "k:" }.joined(separator: "\n") + " v\n"
        #expect(failure(block) == "line 65, column 129: nested deeper than 64 levels")
    }

    @Test("100,000 opening brackets are refused, not a crash")
    func hundredThousandBrackets() {
        #expect(failure(String(repeating: "[", count: 100_000)) == "line 1, column 65: nested deeper than 64 levels")
        #expect(failure(String(repeating: "{a: ", count: 100_000)) == "line 1, column 257: nested deeper than 64 levels")
    }

    @Test("aliases cannot stack nesting beyond the limit: each copy counts at the depth it lands")
    func depthThroughAliases() throws {
        let forty = String(repeating: "[", count: 40) + "x" + String(repeating: "]", count: 40)
        #expect(Self.height(try parse("a: &a \(forty)\nb: [[[*a]]]\n")) == 44)
        #expect(failure("a: &a \(forty)\nb: \(String(repeating: "[", count: 24))*a\(String(repeating: "]", count: 24))\n")
            == "line 2, column 28: nested deeper than 64 levels")
    }

    @Test("a 200,000-item list and a 100,000-key mapping are read in linear time")
    func longCollections() throws {
        let list = try parse("[" + Array(repeating: "x", count: 200_000).joined(separator: ", ") + "]")
        #expect(list.arrayValue?.count == 200_000)
        let mapping = try parse((0..<100_000).map { "k\($0): v" }.joined(separator: "\n"))
        #expect(mapping.objectValue?.count == 100_000)
        #expect(mapping["k99999"] == .string("v"))
    }

    /// The number of values in `value`, itself included.
    private static func count(_ value: JSONValue) -> Int {
        switch value {
        case .array(let items): 1 + items.reduce(0) { $0 + count($1) }
        case .object(let members): 1 + members.reduce(0) { $0 + 1 + count($1.value) }
        default: 1
        }
    }

    /// How many collections deep `value` reaches.
    private static func height(_ value: JSONValue) -> Int {
        switch value {
        case .array(let items): 1 + (items.map(height).max() ?? 0)
        case .object(let members): 1 + (members.values.map(height).max() ?? 0)
        default: 0
        }
    }

    @Test("syntax errors name the line and column")
    func syntaxErrors() {
        let unclosed = failure("users:\n- name: a\n  user: {token: x\n")
        #expect(unclosed?.hasPrefix("line ") == true)
        let tab = failure("a:\n\tb: c\n")
        #expect(tab?.contains("line 2") == true)
        #expect(failure("[a]: b\n")?.contains("mapping key") == true)
    }

    @Test("only the first document counts; an empty stream is null")
    func documents() throws {
        #expect(try parse("a: 1\n---\nb: 2\n") == .object(["a": .string("1")]))
        #expect(try parse("") == .null)
        #expect(try parse("# only a comment\n") == .null)
    }
}

@Suite("YAML written for kubectl")
struct YAMLWriterTests {
    @Test("what YAMLWriter writes, regctl's reader and PyYAML (YAML 1.1, as kubectl's) read back as the same JSON, tricky text included")
    func roundTrip() async throws {
        let tricky = ["true", "no", "~", "null", "123", "1.5", "-x", "a: b", "#c", "", " lead", "ü", "x\ny", "\"q\"", ".dockerconfigjson", "a/b-c.d",
                      "x\u{85}y", "\u{2028}\u{2029}", "\u{1}\u{7F}\u{9F}", "\u{FEFF}bom", "tab\there", "\r", "😀",
                      "yes", "on", "off", "Y", "0x1F", "017", "1_000", "2024-01-01", ".inf", ".NaN", "=", "<<"]
        var members: [(String, JSONValue)] = tricky.enumerated().map { ("k\($0.offset)", .string($0.element)) }
        members += [
            ("a key: with colon", .string("v")), ("list", .array([.string("one"), .object(["name": .string("x"), "n": .number("2")]), .array([])])),
            ("nested", .object(["deeper": .object(["flag": .bool(true), "none": .null])])), ("empty", .object([:])),
        ]
        let value = JSONValue.object(.init(uniqueKeysWithValues: members))
        let text = YAMLWriter.text(value)
        var expected = value
        expected["list"] = .array([.string("one"), .object(["name": .string("x"), "n": .string("2")]), .array([])])  // numbers read back as text
        #expect(try YAMLDocument.parse(Array(text.utf8)) == expected, "\(text)")
        // regctl's reader types only null, true and false; a YAML 1.1 reader also takes an
        // unquoted no, yes, on, off, 123 or 1.5 for a boolean or a number.
        let python = try await ProgramRunner.run(["python3", "-c", Self.pyYAMLToJSON], environment: [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8",
        ], stdin: text)
        try #require(python.succeeded, "PyYAML reads it (python3-yaml): \(python)")
        let read = try JSONValue(parsing: python.stdout)
        let changed = members.map(\.0).filter { read[$0] != value[$0] }.map { "\($0): \(value[$0].map { "\($0)" } ?? "") became \(read[$0].map { "\($0)" } ?? "nothing")" }
        #expect(changed.isEmpty, "every value keeps its type and text: \(changed.joined(separator: "; "))\n\(text)")
        #expect(text.contains("\n  .dockerconfigjson") == false && text.contains("k14: .dockerconfigjson"), "plain where it is safe")
    }

    /// Reads YAML on stdin with PyYAML's safe loader and prints it as JSON; what JSON cannot
    /// hold (infinity, dates) is printed as an object naming its YAML type.
    static let pyYAMLToJSON = """
        import json, math, sys, yaml
        def plain(v):
            if isinstance(v, float) and not math.isfinite(v): return {"float": repr(v)}
            if isinstance(v, dict): return {str(k): plain(x) for k, x in v.items()}
            if isinstance(v, list): return [plain(x) for x in v]
            return v
        json.dump(plain(yaml.safe_load(sys.stdin)), sys.stdout, ensure_ascii=False, default=lambda v: {type(v).__name__: str(v)})
        """
}
