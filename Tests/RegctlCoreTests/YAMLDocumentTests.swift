import Testing
@testable import RegctlCore

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
    @Test("what YAMLWriter writes, libyaml reads back as the same JSON, tricky text included")
    func roundTrip() throws {
        let tricky = ["true", "no", "~", "null", "123", "1.5", "-x", "a: b", "#c", "", " lead", "ü", "x\ny", "\"q\"", ".dockerconfigjson", "a/b-c.d",
                      "x\u{85}y", "\u{2028}\u{2029}", "\u{1}\u{7F}\u{9F}", "\u{FEFF}bom", "tab\there", "\r", "😀"]
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
        #expect(text.contains("\n  .dockerconfigjson") == false && text.contains("k14: .dockerconfigjson"), "plain where it is safe")
    }
}
