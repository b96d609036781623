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
        #expect(failure(text)?.contains("more than") == true)
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
