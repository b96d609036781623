import Foundation
@testable import RegctlCore
import Testing

/// regctl's config is written with `JSONEncoder` and read back by hand (``RegctlConfig/init(json:)``).
@Suite("regctl's config")
struct RegctlConfigTests {
    private func withConfigFile<T>(_ body: (RegctlConfigFile) throws -> T) throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("config-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        return try body(RegctlConfigFile(environment: RegctlEnvironment(variables: ["XDG_CONFIG_HOME": directory.path], isRoot: false, isInteractive: false)))
    }

    @Test("what an update writes is read back the same: bound, plain and account logins, a token with and without expiry, the engine")
    func roundTrip() throws {
        let expiry = Date(timeIntervalSince1970: 1_796_124_727)
        try withConfigFile { file in
            var written = RegctlConfig()
            try file.update { config in
                config.registries["reg.example:5000"] = .init(
                    store: .secretService, username: "developer",
                    binding: KubeconfigBinding(context: "dev/api:6443/developer", cluster: "https://api:6443", files: ["/home/dev/.kube/config", "/tmp/other"]),
                    token: TokenRecord(id: "sha256~record", expiry: expiry)
                )
                config.registries["plain.example"] = .init(store: .file, username: "alice", token: TokenRecord(id: "hmac-sha256:ab", expiry: nil))
                config.registries["bare.example"] = .init(store: .secretService, username: "bob")
                config.registries["account.example"] = .init(store: .secretService, username: "carol", account: true)
                config.engine = .docker
                written = config
            }
            let text = try String(contentsOf: file.url, encoding: .utf8)
            #expect(text.contains(#""expiry" : "2026-12-01T11:32:07Z""#), "\(text)")
            #expect(text.components(separatedBy: #""account" : true"#).count == 2, "written for the account login only: \(text)")
            #expect(try file.load() == written)
            #expect(written.registries.count == 4 && written.engine == .docker)
            #expect(try file.update { $0.registries["bare.example"]?.username = "bob" } == false, "read back equal: nothing to write")
        }
    }

    @Test("a time before the Gregorian reform reads back as it was written (found by the regctl-config fuzz target)")
    func julianYears() throws {
        let text = Data(#"{"registries": {"r.example": {"store": "file", "username": "u", "token": {"id": "x", "expiry": "1013-12-01T11:32:07Z"}}}}"#.utf8)
        let written = try #require(RegctlConfigFile.text(of: try RegctlConfigFile.decode(text, path: "test")))
        #expect(String(decoding: written, as: UTF8.self).contains(#""expiry" : "1013-12-01T11:32:07Z""#))
        #expect(RegctlConfigFile.text(of: try RegctlConfigFile.decode(written, path: "test")) == written)
    }

    @Test("a time in another ISO 8601 form is read as that instant; null is an absent value; unknown keys are ignored")
    func lenient() throws {
        let json = try JSONValue(parsing: #"""
            {"future": 1, "engine": null, "registries": {"r.example": {"store": "file", "username": "u", "context": null,
             "token": {"id": "x", "expiry": "2026-12-01T12:32:07+01:00", "more": true}}}}
            """#)
        let config = try RegctlConfig(json: json)
        #expect(config.registries["r.example"]?.token?.expiry == Date(timeIntervalSince1970: 1_796_124_727))
        #expect(config.registries["r.example"]?.context == nil && config.engine == nil)
    }

    @Test("a wrong shape is said with its place, in the decoder's words", arguments: [
        ("[]", "expected a mapping"),
        (#"{"registries": []}"#, ".registries: expected a mapping"),
        (#"{"registries": {"r.example": {"store": "paper", "username": "u"}}}"#, ".registries.r.example.store: a value it does not know"),
        (#"{"registries": {"r.example": {"store": "file"}}}"#, #".registries.r.example: the key "username" is missing"#),
        (#"{"registries": {"r.example": {"store": "file", "username": 7}}}"#, ".registries.r.example.username: expected a string"),
        (#"{"registries": {"r.example": {"store": "file", "username": "u", "token": {"id": "x", "expiry": "yesterday"}}}}"#, ".registries.r.example.token.expiry: a value it does not know"),
        (#"{"registries": {"r.example": {"store": "file", "username": "u", "token": {"id": "x", "expiry": "2026-13-01T00:00:00Z"}}}}"#, ".registries.r.example.token.expiry: a value it does not know"),
        (#"{"engine": "rkt"}"#, ".engine: a value it does not know"),
        (#"{"registries": {"r.example": {"store": "file", "username": "u", "account": "yes"}}}"#, ".registries.r.example.account: expected true or false"),
    ])
    func wrongShape(_ text: String, _ detail: String) throws {
        let error = #expect(throws: JSONShape.Mismatch.self) { try RegctlConfig(json: JSONValue(parsing: text)) }
        #expect(error?.detail == detail)
    }
}
