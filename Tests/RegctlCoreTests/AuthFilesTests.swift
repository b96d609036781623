import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// Editing other people's auth files: only regctl's entries change.
@Suite("auth files")
struct AuthFilesTests {
    let host = try! RegistryHost("reg.example:5000")

    @Test("every other key keeps its value and its place")
    func keepsForeignKeys() async throws {
        try await withSandbox { sandbox in
            let config = sandbox.dockerConfig.appendingPathComponent("config.json")
            try sandbox.write("""
                {
                  "psFormat": "table {{.ID}}",
                  "auths": {"zz.example": {"auth": "eno6eno=", "email": "a@b"}, "reg.example:5000": {"auth": "b2xkOm9sZA=="}},
                  "credsStore": "desktop",
                  "credHelpers": {"gcr.io": "gcloud"},
                  "proxies": {"default": {"httpProxy": "http://proxy:3128", "noProxy": "*.local"}},
                  "detachKeys": "ctrl-e,e", "number": 1.50e3
                }
                """, to: config)
            try authFiles(sandbox).useHelper(for: host)
            let edited = try JSONValue(parsing: String(contentsOf: config, encoding: .utf8))
            #expect(Array(edited.objectValue!.keys) == ["psFormat", "auths", "credsStore", "credHelpers", "proxies", "detachKeys", "number"])
            #expect(Array(edited["auths"]!.objectValue!.keys) == ["zz.example"])
            #expect(edited["auths"]?["zz.example"]?["email"]?.stringValue == "a@b")
            #expect(Array(edited["credHelpers"]!.objectValue!.keys) == ["gcr.io", "reg.example:5000"])
            #expect(edited["credHelpers"]?["reg.example:5000"]?.stringValue == "regctl")
            #expect(edited["number"] == .number("1.50e3"))
            #expect(edited["proxies"]?["default"]?["noProxy"]?.stringValue == "*.local")
        }
    }

    @Test("a file that does not parse is left byte for byte and reported with where it broke, exit 2",
          arguments: ["{\"auths\": {\"a\": {}},}", "{\"auths\": [1]}", "[]", "{\"credHelpers\": {\"h\": 5}}", "{\"auths\": {\"h\": \"x\"}}", "\u{FEFF}{}"])
    func malformedUntouched(content: String) async throws {
        try await withSandbox { sandbox in
            let auth = sandbox.runtimeDirectory.appendingPathComponent("containers/auth.json")
            try sandbox.write(content, to: auth)
            let docker = sandbox.dockerConfig.appendingPathComponent("config.json")
            let before = sandbox.fileSnapshot()
            let runtimeBefore = try Data(contentsOf: auth)
            #expect {
                try authFiles(sandbox).useHelper(for: host)
            } throws: { error in
                guard let error = error as? AuthFileError else { return false }
                return error.status == .usage && error.message.contains(auth.path) && error.fix?.text.contains("move") == true
            }
            #expect(try Data(contentsOf: auth) == runtimeBefore)
            #expect(!FileManager.default.fileExists(atPath: docker.path), "the other file must not be touched either")
            #expect(sandbox.fileSnapshot() == before)
        }
    }

    @Test("the parse error names line and column")
    func errorLocation() async throws {
        try await withSandbox { sandbox in
            let docker = sandbox.dockerConfig.appendingPathComponent("config.json")
            try sandbox.write("{\n  \"auths\": {\n    \"a\": {}\n  ,\n}", to: docker)
            #expect {
                try authFiles(sandbox).useHelper(for: host)
            } throws: { error in
                (error as? AuthFileError)?.message.contains("line 5, column 1: trailing comma") == true
            }
        }
    }

    @Test("a symlinked config.json is edited at its target, and the link stays")
    func symlinkedConfig() async throws {
        try await withSandbox { sandbox in
            let target = sandbox.root.appendingPathComponent("dotfiles/docker-config.json")
            try sandbox.write(#"{"psFormat": "x"}"#, to: target)
            let link = sandbox.dockerConfig.appendingPathComponent("config.json")
            try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
            try authFiles(sandbox).useHelper(for: host)
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == target.path)
            #expect(try String(contentsOf: target, encoding: .utf8).contains("\"reg.example:5000\": \"regctl\""))
        }
    }

    @Test("concurrent edits serialised by the lock lose nothing")
    func concurrentEdits() async throws {
        try await withSandbox { sandbox in
            let hosts = try (1...24).map { try RegistryHost("reg\($0).example") }
            let environment = sandbox.regctlEnvironment
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Each edit may wait in flock: a thread of its own, not one of the pool's.
                for host in hosts {
                    group.addTask { _ = try await offPool { try AuthFiles(locations: AuthFileLocations(environment: environment)).useHelper(for: host) } }
                }
                try await group.waitForAll()
            }
            for file in [sandbox.runtimeDirectory.appendingPathComponent("containers/auth.json"), sandbox.dockerConfig.appendingPathComponent("config.json")] {
                let helpers = try JSONValue(parsing: String(contentsOf: file, encoding: .utf8))["credHelpers"]?.objectValue
                #expect(Set(helpers?.keys ?? []) == Set(hosts.map(\.description)))
            }
        }
    }

    @Test("file mode replaces a helper entry, helper mode replaces a plain entry, forget removes both")
    func switchingModes() async throws {
        try await withSandbox { sandbox in
            let files = authFiles(sandbox)
            let auth = sandbox.runtimeDirectory.appendingPathComponent("containers/auth.json")
            try files.useHelper(for: host)
            try files.storePlain(Credential(server: host.description, username: "u", secret: "s"), for: host)
            var document = try JSONValue(parsing: String(contentsOf: auth, encoding: .utf8))
            #expect(document["credHelpers"]?[host.description] == nil)
            #expect(document["auths"]?[host.description]?["auth"]?.stringValue == "dTpz")
            try files.useHelper(for: host)
            document = try JSONValue(parsing: String(contentsOf: auth, encoding: .utf8))
            #expect(document["auths"]?[host.description] == nil)
            try files.forget(host)
            document = try JSONValue(parsing: String(contentsOf: auth, encoding: .utf8))
            #expect(document["auths"]?[host.description] == nil && document["credHelpers"]?[host.description] == nil)
        }
    }

    @Test("XDG_RUNTIME_DIR set but missing is a clear error; REGISTRY_AUTH_FILE wins; unset falls back to /run/containers/UID")
    func containersLocation() async throws {
        try await withSandbox { sandbox in
            sandbox.setEnvironment("XDG_RUNTIME_DIR", sandbox.root.appendingPathComponent("gone").path)
            #expect(throws: AuthFileError.runtimeDirectoryMissing(sandbox.root.appendingPathComponent("gone").path)) {
                try AuthFileLocations(environment: sandbox.regctlEnvironment).containersAuthFile()
            }
            sandbox.setEnvironment("XDG_RUNTIME_DIR", nil)
            let fallback = try AuthFileLocations(environment: sandbox.regctlEnvironment).containersAuthFile()
            #expect(fallback.path == "/run/containers/\(getuid())/auth.json")
            sandbox.setEnvironment("REGISTRY_AUTH_FILE", sandbox.root.appendingPathComponent("mine.json").path)
            let chosen = try AuthFileLocations(environment: sandbox.regctlEnvironment).containersAuthFile()
            #expect(chosen.lastPathComponent == "mine.json")
        }
    }

    private func authFiles(_ sandbox: Sandbox) -> AuthFiles {
        AuthFiles(locations: AuthFileLocations(environment: sandbox.regctlEnvironment))
    }
}
