import Foundation
@testable import RegctlCore
import Testing

/// containerd's `hosts.toml`, read as TOML: the `ca` line goes where it is a top-level key,
/// and an edit is written only when the file reads back as before plus (or minus) that key.
@Suite("containerd hosts.toml")
final class ContainerdHostsFileTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("regctl-hosts-\(UUID().uuidString)")

    deinit { try? FileManager.default.removeItem(at: directory) }
    var caFile: URL { directory.appendingPathComponent("ca.crt") }

    func hostsFile(_ text: String) throws -> ContainerdHostsFile {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: directory.appendingPathComponent("hosts.toml"))
        return try #require(ContainerdHostsFile(directory: directory))
    }

    static let multiLineClient = """
        # the registry, with a client certificate
        server = "https://reg.example"
        client = [
          ["/etc/certs/client.cert", "/etc/certs/client.key"],  # containerd's documented pair
          ["/etc/certs/other.pem"],
        ]
        note = '''
        [not a table]
        '''

        [host."https://mirror.example"]
          capabilities = ["pull", "resolve"]

        """

    @Test("a multi-line array and a multi-line string before the first table: ca goes before the table, and removing takes it out again")
    func multiLineValues() throws {
        let hosts = try hostsFile(Self.multiLineClient)
        let line = "ca = \"\(caFile.path)\"\n"
        let expected = Self.multiLineClient.replacing("\n[host.", with: "\n\(line)[host.", maxReplacements: 1)
        #expect(hosts.adding(caFile) == .rewrite(expected))
        let edited = try hostsFile(expected)
        #expect(edited.problem == nil && edited.caPaths == [caFile.path])
        #expect(edited.adding(caFile) == .present)
        #expect(edited.removing(caFile) == Self.multiLineClient)
    }

    @Test("a file that does not parse, or whose ca is not a path or list of paths, is refused with the reason and file named")
    func unreadable() throws {
        let broken = try hostsFile("server = \"https://reg.example\"\nclient = [[\"a\", \"b\"]\n[host.\"https://m\"]\n")
        let path = directory.appendingPathComponent("hosts.toml").path
        #expect(broken.problem == "\(path) is not valid TOML (line 3: an array's values are not separated by commas): containerd ignores the file and uses only the *.crt files beside it")
        #expect(broken.adding(caFile) == .refused("\(broken.problem!); regctl leaves it as it is: correct it, then run this command again"))
        #expect(broken.caPaths.isEmpty && broken.removing(caFile) == nil)
        let number = try hostsFile("ca = 5\n")
        #expect(number.problem == "\(path) sets ca = 5, neither a path nor a list of paths: containerd ignores the file and uses only the *.crt files beside it")
        #expect(try hostsFile("ca = [\"a.crt\", \"/b.crt\"]\n").caPaths == [directory.appendingPathComponent("a.crt").path, "/b.crt"])
        #expect(try hostsFile("k = \"\u{7}\"\n").problem?.contains("line 1: a control character is not allowed here") == true)
        try Data().write(to: directory.appendingPathComponent("hosts.toml"))
        #expect(ContainerdHostsFile(directory: directory) == nil, "an empty file is no file to containerd")
    }

    @Test("hostile files: over 1 MiB, or nested 100,000 deep, are named, not read")
    func hostile() throws {
        let path = directory.appendingPathComponent("hosts.toml").path
        let large = try hostsFile(String(repeating: "# padding\n", count: 110_000))
        #expect(large.problem == "cannot read \(path): it is larger than 1 MiB")
        let deep = try hostsFile("a = " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n")
        #expect(deep.problem == "\(path) is not valid TOML (line 1: arrays and tables are nested more than 64 deep): containerd ignores the file and uses only the *.crt files beside it")
        #expect(deep.adding(caFile) == .refused("\(deep.problem!); regctl leaves it as it is: correct it, then run this command again"))
    }

    @Test("a ca line that is not the top-level ca is not removed")
    func removingOnlyTheKey() throws {
        let line = "ca = \"\(caFile.path)\""
        let inString = try hostsFile("note = \"\"\"\n\(line)\n\"\"\"\n")
        #expect(inString.removing(caFile) == nil)
        let inTable = try hostsFile("[host.\"https://m\"]\n\(line)\n")
        #expect(inTable.removing(caFile) == nil)
    }
}

@Suite("TOML reading")
struct TOMLDocumentTests {
    @Test("tables, arrays of tables, dotted and quoted keys, the four kinds of string, and where the first header starts")
    func document() throws {
        let text = "a.b = 'x'\n\"q k\" = \"\\u00e9\\n\"\nm = \"\"\"\nline \\\n   joined\"\"\"\n\n[[t]]\nv = 1\n[[t]]\nv = 1979-05-27 07:32:00\n[s.u]\n"
        let document = try TOMLDocument(parsing: text)
        #expect(document.root.entries["a"] == .table(TOMLTable(["b": .string("x")])))
        #expect(document.root.entries["q k"] == .string("é\n"))
        #expect(document.root.entries["m"] == .string("line joined"))
        #expect(document.root.entries["t"] == .array(TOMLArray([.table(TOMLTable(["v": .scalar("1")])), .table(TOMLTable(["v": .scalar("1979-05-27 07:32:00")]))])))
        #expect(document.root.entries["s"] == .table(TOMLTable(["u": .table(TOMLTable())])))
        #expect(document.firstHeaderOffset == text.utf8.count - "[[t]]\nv = 1\n[[t]]\nv = 1979-05-27 07:32:00\n[s.u]\n".utf8.count)
        #expect(document.topLevelKeyLines == ["q k": 2, "m": 3])
    }

    @Test("what TOML forbids is an error with its line", arguments: [
        ("a = 1\na = 2\n", "line 2: the key a is defined twice"),
        ("[t]\n[t]\n", "line 2: the table t is defined twice"),
        ("x = { a = 1 }\n[x.b]\n", "line 2: x is already defined, and cannot be added to here"),
        ("a = \"open\n", "line 1: a string is not closed on its line"),
        ("a = 1 b = 2\n", "line 1: unexpected text after a value or header"),
        ("a = \"\\q\"\n", "line 1: \\q is not an escape"),
        ("a = nope\n", "line 1: nope is not a value"),
        ("\"k\\u001b[2J\" = 1\n\"k\\u001b[2J\" = 2\n", "line 2: the key k\\u{1B}[2J is defined twice"),
        ("a = " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "\n", "line 1: arrays and tables are nested more than 64 deep"),
    ])
    func errors(text: String, error: String) {
        var thrown: String?
        do { _ = try TOMLDocument(parsing: text) } catch let syntax { thrown = syntax.text }
        #expect(thrown == error)
    }
}
