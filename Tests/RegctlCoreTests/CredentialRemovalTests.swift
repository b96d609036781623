import Foundation
@testable import RegctlCore
import RegctlTestSupport
import Testing

/// `regctl logout`'s reach on the files and an in-memory keyring: every credential a client
/// would send for the registry goes, nothing else does, and a failure changes nothing.
@Suite("credential removal")
struct CredentialRemovalTests {
    static let host = try! RegistryHost("reg.example:5000")
    static let plain = AuthFileFixture.podman.auth
    static let binding = KubeconfigBinding(context: "dev", cluster: "https://api.example:6443", files: ["/nonexistent/kubeconfig"])

    /// regctl's record of a login to ``host``, and a keyring item of it and of another registry.
    static func loggedIn(_ sandbox: Sandbox, _ entry: RegctlConfig.Registry) throws -> MemoryCredentialStore {
        _ = try RegctlConfigFile(environment: sandbox.regctlEnvironment).update { $0.registries[host.description] = entry }
        return MemoryCredentialStore([
            Credential(server: host.description, username: "dev", secret: "sha256~in-the-keyring"),
            Credential(server: "other.example", username: "someone", secret: "kept"),
        ])
    }

    static func remove(_ sandbox: Sandbox, keyring: MemoryCredentialStore) async throws -> CredentialRemoval.Report {
        try await CredentialRemoval(environment: sandbox.regctlEnvironment, keyring: keyring).remove(host)
    }

    @Test("regctl's entries, podman's and docker's plain ones in every file, the keyring item and the record go; the rest stays")
    func everything() async throws {
        try await withSandbox(auditsSecrets: false) { sandbox in
            let persistent = AuthFileFixture.File.persistent.url(in: sandbox)
            try sandbox.write(#"{"credHelpers":{"\#(Self.host)":"regctl"},"auths":{"other.example":{"auth":"\#(Self.plain)"}}}"#, to: sandbox.containersAuthFile)
            try sandbox.write(#"{"auths":{"\#(Self.host)":{"auth":"\#(Self.plain)"}}}"#, to: persistent)
            try sandbox.write(#"""
                {"auths":{"https://\#(Self.host)/v1/":{"auth":"\#(Self.plain)"},"\#(Self.host)/team/app":{"auth":"\#(Self.plain)"}},
                 "credHelpers":{"gcr.io":"gcloud"},"credsStore":"desktop"}
                """#, to: sandbox.dockerConfigFile)
            let keyring = try Self.loggedIn(sandbox, .init(store: .secretService, username: "dev"))

            let report = try await Self.remove(sandbox, keyring: keyring)
            #expect(report.removed == [
                .init(place: "keyring", entries: ["item"]),
                .init(place: sandbox.containersAuthFile.path, entries: ["credHelpers[\(Self.host)]"]),
                .init(place: persistent.path, entries: ["auths[\(Self.host)]"]),
                .init(place: sandbox.dockerConfigFile.path, entries: ["auths[https://\(Self.host)/v1/]", "auths[\(Self.host)/team/app]"]),
            ])
            #expect(report.remaining == [.init(helper: "desktop", file: sandbox.dockerConfigFile.path, entry: "credsStore")],
                    "docker still asks its desktop helper, whose store regctl does not touch")
            #expect(report.wasManaged)
            #expect(keyring.credentials.map(\.server) == ["other.example"])
            #expect(try RegctlConfigFile(environment: sandbox.regctlEnvironment).load().registries.isEmpty)
            #expect(try sandbox.entries("auths", in: sandbox.containersAuthFile) == ["other.example"])
            #expect(try sandbox.entries("credHelpers", in: sandbox.dockerConfigFile) == ["gcr.io"])
            #expect(try sandbox.readJSON(sandbox.dockerConfigFile)?["credsStore"]?.stringValue == "desktop")
            #expect(try sandbox.entries("auths", in: persistent).isEmpty)

            let again = try await Self.remove(sandbox, keyring: keyring)
            #expect(!again.hadCredential, "nothing is left to log out of")
        }
    }

    @Test("docker's secretservice helper reads the keyring item that logout erased: it is not named as remaining")
    func keyringHelperIsNotRemaining() async throws {
        try await withSandbox(auditsSecrets: false) { sandbox in
            try sandbox.write(#"{"credsStore":"secretservice"}"#, to: sandbox.dockerConfigFile)
            let keyring = try Self.loggedIn(sandbox, .init(store: .secretService, username: "dev"))
            let report = try await Self.remove(sandbox, keyring: keyring)
            #expect(report.remaining.isEmpty)
            #expect(report.removed == [.init(place: "keyring", entries: ["item"])])
        }
    }

    @Test("the keyring cannot be reached: a login kept there alone fails and changes nothing; a bound one logs out of the files")
    func keyringUnreachable() async throws {
        try await withSandbox(auditsSecrets: false) { sandbox in
            try sandbox.write(#"{"credHelpers":{"\#(Self.host)":"regctl"}}"#, to: sandbox.containersAuthFile)
            let keyring = try Self.loggedIn(sandbox, .init(store: .secretService, username: "dev"))
            keyring.failure = .storeUnavailable("no session bus")
            let before = sandbox.fileSnapshot()
            await #expect(throws: CredentialError.storeUnavailable("no session bus")) { try await Self.remove(sandbox, keyring: keyring) }
            #expect(sandbox.fileSnapshot() == before)

            _ = try Self.loggedIn(sandbox, .init(store: .secretService, username: "dev", binding: Self.binding))
            let bound = try await Self.remove(sandbox, keyring: keyring)
            #expect(bound.removed == [.init(place: sandbox.containersAuthFile.path, entries: ["credHelpers[\(Self.host)]"])])
            #expect(bound.wasManaged)
            #expect(try RegctlConfigFile(environment: sandbox.regctlEnvironment).load().registries.isEmpty)
        }
    }

    @Test("a keyring that is there but does not answer in time fails every logout, bound ones too, and changes nothing")
    func keyringSilent() async throws {
        try await withSandbox(auditsSecrets: false) { sandbox in
            try sandbox.write(#"{"credHelpers":{"\#(Self.host)":"regctl"}}"#, to: sandbox.containersAuthFile)
            let keyring = try Self.loggedIn(sandbox, .init(store: .secretService, username: "dev", binding: Self.binding))
            keyring.failure = .storeUnavailable(SecretServiceStore.noAnswer)
            let before = sandbox.fileSnapshot()
            await #expect(throws: CredentialError.storeUnavailable(SecretServiceStore.noAnswer)) { try await Self.remove(sandbox, keyring: keyring) }
            #expect(sandbox.fileSnapshot() == before)
        }
    }

    @Test("an auth file that does not parse stops logout before the keyring or any file changes")
    func unreadableFile() async throws {
        try await withSandbox(auditsSecrets: false) { sandbox in
            try sandbox.write(#"{"credHelpers":{"\#(Self.host)":"regctl"}}"#, to: sandbox.containersAuthFile)
            try sandbox.write(#"{"auths": {"#, to: sandbox.dockerConfigFile)
            let keyring = try Self.loggedIn(sandbox, .init(store: .secretService, username: "dev"))
            let before = sandbox.fileSnapshot()
            await #expect(throws: AuthFileError.self) { try await Self.remove(sandbox, keyring: keyring) }
            #expect(sandbox.fileSnapshot() == before)
            #expect(keyring.credentials.count == 2)
        }
    }

    @Test("logout --all: every registry regctl manages, in order, and no other")
    func all() async throws {
        try await withSandbox(auditsSecrets: false) { sandbox in
            _ = try RegctlConfigFile(environment: sandbox.regctlEnvironment).update {
                $0.registries["b.example"] = .init(store: .file, username: "b")
                $0.registries["a.example"] = .init(store: .secretService, username: "a")
            }
            let keyring = MemoryCredentialStore([Credential(server: "a.example", username: "a", secret: "s"), Credential(server: "c.example", username: "c", secret: "s")])
            let reports = try await CredentialRemoval(environment: sandbox.regctlEnvironment, keyring: keyring).removeAll()
            #expect(reports.map(\.host.description) == ["a.example", "b.example"])
            #expect(reports.map(\.removed) == [[.init(place: "keyring", entries: ["item"])], []])
            #expect(reports.allSatisfy { $0.wasManaged })
            #expect(keyring.credentials.map(\.server) == ["c.example"])
        }
    }
}
