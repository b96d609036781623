import Testing

import RegctlCore

// A docker config.json as a person might have edited it: odd spacing, `\/`,
// `\u` escapes and numbers that a float round trip would change.
private let handEditedConfig = #"""
{"auths": {
    "https://index.docker.io/v1/": {"auth": "dXNlcjpwYXNzd29yZA=="},
    "ghcr.io": {
      "auth": "Z2hjcjp0b2tlbg==",
      "identitytoken": "eyJhbGciOiJSUzI1NiJ9.e30.sig"
    },
    "registry.example.com:5000": {}
  },
  "credHelpers": {"gcr.io": "gcloud", "123456789012.dkr.ecr.us-east-1.amazonaws.com": "ecr-login"},
  "credsStore": "desktop",
  "HttpHeaders": {"User-Agent": "Docker-Client/24.0.7 (linux)", "X-Note": "caf\u00e9 <b> & \"q\""},
  "psFormat": "table {{.ID}}\\t{{.Image}}\\t{{.Status}}",
  "proxies": {
    "default": {
      "httpProxy": "http:\/\/proxy.example.com:3128",
      "noProxy": "*.test.example.com,.example2.com,127.0.0.0\/8"
    }
  },
  "features": {"buildkit": true, "ratio": 1.5e3, "zero": -0, "big": 12345678901234567890, "small": -2.5E-7, "off": false, "none": null},
  "aliases": [],
  "plugins": {"debug": {"hooks": ["build", "run"]}},
  "note": "Grüße 日本 🐳 \ud83d\udc33",
  "currentContext": "desktop-linux"
}
"""#

// The same document as Go's json.MarshalIndent(v, "", "\t") writes it (tabs are literal).
private let goConfig = #"""
{
	"auths": {
		"https://index.docker.io/v1/": {
			"auth": "dXNlcjpwYXNzd29yZA=="
		},
		"ghcr.io": {
			"auth": "Z2hjcjp0b2tlbg==",
			"identitytoken": "eyJhbGciOiJSUzI1NiJ9.e30.sig"
		},
		"registry.example.com:5000": {}
	},
	"credHelpers": {
		"gcr.io": "gcloud",
		"123456789012.dkr.ecr.us-east-1.amazonaws.com": "ecr-login"
	},
	"credsStore": "desktop",
	"HttpHeaders": {
		"User-Agent": "Docker-Client/24.0.7 (linux)",
		"X-Note": "café \u003cb\u003e \u0026 \"q\""
	},
	"psFormat": "table {{.ID}}\\t{{.Image}}\\t{{.Status}}",
	"proxies": {
		"default": {
			"httpProxy": "http://proxy.example.com:3128",
			"noProxy": "*.test.example.com,.example2.com,127.0.0.0/8"
		}
	},
	"features": {
		"buildkit": true,
		"ratio": 1.5e3,
		"zero": -0,
		"big": 12345678901234567890,
		"small": -2.5E-7,
		"off": false,
		"none": null
	},
	"aliases": [],
	"plugins": {
		"debug": {
			"hooks": [
				"build",
				"run"
			]
		}
	},
	"note": "Grüße 日本 🐳 🐳",
	"currentContext": "desktop-linux"
}
"""#

private func parseError(_ text: String) -> JSONParseError? {
    do {
        _ = try JSONValue(parsing: text)
        return nil
    } catch {
        return error
    }
}

@Suite struct RoundTrip {
    @Test func dockerConfigKeepsKeyOrderAndValues() throws {
        let doc = try JSONValue(parsing: handEditedConfig)
        #expect(doc.objectValue?.keys.elements == [
            "auths", "credHelpers", "credsStore", "HttpHeaders", "psFormat", "proxies",
            "features", "aliases", "plugins", "note", "currentContext",
        ])
        #expect(doc["auths"]?.objectValue?.keys.elements == [
            "https://index.docker.io/v1/", "ghcr.io", "registry.example.com:5000",
        ])
        #expect(doc["credHelpers"]?.objectValue?.keys.elements == [
            "gcr.io", "123456789012.dkr.ecr.us-east-1.amazonaws.com",
        ])
        #expect(doc["features"]?.objectValue?.keys.elements == ["buildkit", "ratio", "zero", "big", "small", "off", "none"])
        #expect(doc["features"]?["ratio"] == .number("1.5e3"))
        #expect(doc["features"]?["zero"] == .number("-0"))
        #expect(doc["features"]?["big"] == .number("12345678901234567890"))
        #expect(doc["features"]?["small"] == .number("-2.5E-7"))
        #expect(doc["features"]?["none"] == .null)
        #expect(doc["HttpHeaders"]?["X-Note"]?.stringValue == "caf\u{E9} <b> & \"q\"")
        #expect(doc["psFormat"]?.stringValue == #"table {{.ID}}\t{{.Image}}\t{{.Status}}"#)
        #expect(doc["proxies"]?["default"]?["httpProxy"]?.stringValue == "http://proxy.example.com:3128")
        #expect(doc["note"]?.stringValue == "Gr\u{FC}\u{DF}e \u{65E5}\u{672C} \u{1F433} \u{1F433}")
        #expect(doc["auths"]?["registry.example.com:5000"] == .object([:]))
        #expect(doc["aliases"] == .array([]))
        #expect(doc.serialized() == goConfig)
    }

    @Test func goWrittenFileIsReproducedByteForByte() throws {
        #expect(goConfig.contains("\n\t\t\t\t\"build\","))
        let doc = try JSONValue(parsing: goConfig)
        #expect(doc.serialized() == goConfig)
    }

    @Test func parseSerializeParseIsIdentity() throws {
        let doc = try JSONValue(parsing: handEditedConfig)
        let again = try JSONValue(parsing: doc.serialized())
        #expect(again == doc)
        #expect(try JSONValue(parsing: doc.serialized(indent: "  ")) == doc)
        #expect(try JSONValue(parsing: goConfig) == doc)
    }

    @Test func decodesEveryEscape() throws {
        let doc = try JSONValue(parsing: #"["\"\\\/\b\f\n\r\t\u00e9\u00E9\ud83d\udc33\u0000"]"#)
        #expect(doc == .array([.string("\"\\/\u{8}\u{C}\n\r\t\u{E9}\u{E9}\u{1F433}\u{0}")]))
    }

    @Test func acceptsValidNumbersVerbatim() throws {
        for text in ["0", "-0", "1.5e3", "1E+2", "-0.0e-0", "10", "0.000", "123456789012345678901234567890", "-9.99E99"] {
            #expect(try JSONValue(parsing: " \(text)\r\n") == .number(text))
        }
    }

    @Test func scalarsAtTopLevel() throws {
        #expect(try JSONValue(parsing: "true") == .bool(true))
        #expect(try JSONValue(parsing: " false ") == .bool(false))
        #expect(try JSONValue(parsing: "\tnull\n") == .null)
        #expect(try JSONValue(parsing: #""x""#) == .string("x"))
        #expect(JSONValue.string("x").serialized() == #""x""#)
        #expect(JSONValue.null.serialized() == "null")
        #expect(JSONValue.string("\u{7F}/\u{2027}").serialized() == "\"\u{7F}/\u{2027}\"")
    }

    @Test func acceptsExactlyMaximumDepth() throws {
        let depth = JSONValue.maximumDepth
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var value = try JSONValue(parsing: text)
        var levels = 0
        while case .array(let items) = value {
            levels += 1
            guard let first = items.first else { break }
            value = first
        }
        #expect(levels == depth)
        let objects = String(repeating: #"{"a":"#, count: depth - 1) + "{}" + String(repeating: "}", count: depth - 1)
        #expect(parseError(objects) == nil)
    }
}

@Suite struct Serialization {
    @Test func matchesGoMarshalIndent() throws {
        let doc = try JSONValue(parsing: #"""
            {"b": 1, "a": {"x": [], "y": {}, "z": [true, null, "s", [[]], {"k": 2}]},
             "html": "<a href=\"x\">&amp;</a>", "ctl": "tab\there\u0001\u001f\b\f\r\n",
             "ls": "\u2028\u2029", "uni": "\u00e9\ud83d\ude00", "slash": "a\/b", "n": -0.5e-3}
            """#)
        let expected = #"""
{
	"b": 1,
	"a": {
		"x": [],
		"y": {},
		"z": [
			true,
			null,
			"s",
			[
				[]
			],
			{
				"k": 2
			}
		]
	},
	"html": "\u003ca href=\"x\"\u003e\u0026amp;\u003c/a\u003e",
	"ctl": "tab\there\u0001\u001f\b\f\r\n",
	"ls": "\u2028\u2029",
	"uni": "é😀",
	"slash": "a/b",
	"n": -0.5e-3
}
"""#
        #expect(doc.serialized() == expected)
    }

    @Test func customIndentAndEmptyContainers() {
        let doc = JSONValue.object(["a": .array([.number("1"), .object([:])]), "b": .array([])])
        #expect(doc.serialized(indent: "  ") == "{\n  \"a\": [\n    1,\n    {}\n  ],\n  \"b\": []\n}")
        #expect(JSONValue.object([:]).serialized() == "{}")
        #expect(JSONValue.array([]).serialized() == "[]")
        #expect(!doc.serialized().hasSuffix("\n"))
    }
}

@Suite struct Editing {
    @Test func duplicateKeysKeepLastValueAtFirstPosition() throws {
        let doc = try JSONValue(parsing: #"{"a": 1, "b": 2, "a": {"x": 3}, "c": 4, "b": null}"#)
        #expect(doc.objectValue?.keys.elements == ["a", "b", "c"])
        #expect(doc["a"] == .object(["x": .number("3")]))
        #expect(doc["b"] == .null)
        #expect(doc.serialized() == "{\n\t\"a\": {\n\t\t\"x\": 3\n\t},\n\t\"b\": null,\n\t\"c\": 4\n}")
    }

    @Test func subscriptSetReplacesInPlaceAppendsAndRemoves() throws {
        var doc = try JSONValue(parsing: #"{"auths": {"a.io": {}}, "credsStore": "desktop", "psFormat": "x"}"#)
        doc["credsStore"] = .string("pass")
        doc["credHelpers"] = .object(["ghcr.io": .string("regctl")])
        doc["psFormat"] = nil
        doc["missing"] = nil
        doc["auths"]?["b.io"] = .object(["auth": .string("eA==")])
        #expect(doc.objectValue?.keys.elements == ["auths", "credsStore", "credHelpers"])
        #expect(doc["credsStore"]?.stringValue == "pass")
        #expect(doc["auths"]?.objectValue?.keys.elements == ["a.io", "b.io"])
        #expect(doc["auths"]?["b.io"]?["auth"]?.stringValue == "eA==")
        #expect(doc["psFormat"] == nil)
    }

    @Test func subscriptOnNonObjectIsInert() {
        var array = JSONValue.array([.null])
        array["k"] = .bool(true)
        #expect(array == .array([.null]))
        #expect(array["k"] == nil)
        var string = JSONValue.string("s")
        string["k"] = .null
        #expect(string == .string("s"))
        #expect(string.stringValue == "s")
        #expect(string.objectValue == nil)
        #expect(JSONValue.number("1").stringValue == nil)
    }
}

struct BadInput: Sendable, CustomTestStringConvertible {
    let text: String
    let line: Int
    let column: Int
    let reason: String
    var testDescription: String { text.debugDescription }
}

@Suite struct Errors {
    @Test(arguments: [
        BadInput(text: "{\"a\": 1,}", line: 1, column: 9, reason: "trailing comma before '}'"),
        BadInput(text: "{\n  \"a\": 1,\n}", line: 3, column: 1, reason: "trailing comma before '}'"),
        BadInput(text: "[1, 2,]", line: 1, column: 7, reason: "trailing comma before ']'"),
        BadInput(text: "{'a': 1}", line: 1, column: 2, reason: "strings must use double quotes"),
        BadInput(text: "[\"a\", 'b']", line: 1, column: 7, reason: "strings must use double quotes"),
        BadInput(text: "{\"a\": \"abc", line: 1, column: 11, reason: "unterminated string"),
        BadInput(text: "{\"a\": \"abc\n}", line: 1, column: 11, reason: "unterminated string"),
        BadInput(text: "{\"a\": hello}", line: 1, column: 7, reason: "unexpected word 'hello'"),
        BadInput(text: "[truex]", line: 1, column: 2, reason: "unexpected word 'truex'"),
        BadInput(text: "[01]", line: 1, column: 2, reason: "number with a leading zero"),
        BadInput(text: "-01", line: 1, column: 1, reason: "number with a leading zero"),
        BadInput(text: "[\"\\ud800\"]", line: 1, column: 3, reason: "unpaired surrogate \\ud800"),
        BadInput(text: "\"x\\ud800\\u0041\"", line: 1, column: 3, reason: "unpaired surrogate \\ud800"),
        BadInput(text: "\"\\uDC00\"", line: 1, column: 2, reason: "unpaired surrogate \\uDC00"),
        BadInput(text: "\"a\u{01}b\"", line: 1, column: 3, reason: "control character in string"),
        BadInput(text: "{\n\t\"k\": \"a\tb\"\n}", line: 2, column: 9, reason: "control character in string"),
        BadInput(text: String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
                 line: 1, column: 513, reason: "nesting deeper than 512 levels"),
        BadInput(text: String(repeating: "{\"a\":", count: 600), line: 1, column: 2561, reason: "nesting deeper than 512 levels"),
        BadInput(text: "{\"a\": 1} x", line: 1, column: 10, reason: "trailing content after the JSON value"),
        BadInput(text: "1 2", line: 1, column: 3, reason: "trailing content after the JSON value"),
        BadInput(text: "", line: 1, column: 1, reason: "unexpected end of file"),
        BadInput(text: "  \n ", line: 2, column: 2, reason: "unexpected end of file"),
        BadInput(text: "\u{FEFF}{}", line: 1, column: 1, reason: "byte order mark is not allowed"),
        BadInput(text: "{\"a\" 1}", line: 1, column: 6, reason: "expected ':' after object key"),
        BadInput(text: "{\n  \"a\": 1\n  \"b\": 2\n}", line: 3, column: 3, reason: "expected ',' or '}'"),
        BadInput(text: "[1 2]", line: 1, column: 4, reason: "expected ',' or ']'"),
        BadInput(text: "{,}", line: 1, column: 2, reason: "expected object key in double quotes"),
        BadInput(text: "{\"a\": }", line: 1, column: 7, reason: "expected a value"),
        BadInput(text: "{\"a\": 1", line: 1, column: 8, reason: "unexpected end of file"),
        BadInput(text: "\"\\q\"", line: 1, column: 2, reason: "invalid escape \\q"),
        BadInput(text: "\"\\u12G4\"", line: 1, column: 2, reason: "invalid \\u escape"),
        BadInput(text: "-a", line: 1, column: 2, reason: "expected digit after '-'"),
        BadInput(text: "1.e5", line: 1, column: 3, reason: "expected digit after '.'"),
        BadInput(text: "1ex", line: 1, column: 3, reason: "expected digit in exponent"),
        BadInput(text: ".5", line: 1, column: 1, reason: "unexpected character '.'"),
        BadInput(text: "{\"\u{FC}\u{1F600}\": x}", line: 1, column: 8, reason: "unexpected word 'x'"),
        BadInput(text: "{\r\n\"a\" 1}", line: 2, column: 5, reason: "expected ':' after object key"),
        BadInput(text: "[\u{A0}1]", line: 1, column: 2, reason: "unexpected character U+00A0"),
        BadInput(text: "[\u{E9}]", line: 1, column: 2, reason: "unexpected character '\u{E9}'"),
        BadInput(text: "\"\\\u{E9}\"", line: 1, column: 2, reason: "invalid escape \\\u{E9}"),
        BadInput(text: "\"ok\\\t\"", line: 1, column: 4, reason: "invalid escape: '\\' before U+0009"),
        BadInput(text: "[1,\n 2,\n \"\\ud83d\\n\"]", line: 3, column: 3, reason: "unpaired surrogate \\ud83d"),
    ])
    func rejected(_ bad: BadInput) {
        let error = parseError(bad.text)
        #expect(error == JSONParseError(line: bad.line, column: bad.column, reason: bad.reason))
    }

    @Test func descriptionFormat() {
        let error = JSONParseError(line: 3, column: 14, reason: "expected ',' or '}'")
        #expect(error.description == "line 3, column 14: expected ',' or '}'")
        #expect("\(parseError("[1,]")!)" == "line 1, column 4: trailing comma before ']'")
    }
}
