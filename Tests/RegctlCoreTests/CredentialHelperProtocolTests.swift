import Foundation
@testable import RegctlCore
import RegctlTestSupport
import Testing

/// `docker-credential-regctl ACTION` answered in process over an in-memory keyring: the
/// texts and exit codes docker's helpers give, and a bound login served from its source.
@Suite("credential helper protocol")
struct CredentialHelperProtocolTests {
    static let server = "reg.example:5000"

    static func run(_ helper: CredentialHelperProtocol, _ arguments: [String], _ input: String = "") -> (output: String, status: Int32) {
        helper.run(arguments: arguments, input: Data(input.utf8))
    }

    /// As ``run(_:_:_:)``, on a thread of its own: a bound `get` that renews asks the cluster
    /// when the token expires, and no thread of the cooperative pool may wait for that.
    static func runOnOwnThread(_ helper: CredentialHelperProtocol, _ arguments: [String], _ input: String = "") async throws -> (output: String, status: Int32) {
        try await onOwnThread { run(helper, arguments, input) }.value
    }

    static func answer(_ server: String = server, user: String, secret: String) -> String {
        #"{"ServerURL":"\#(server)","Username":"\#(user)","Secret":"\#(secret)"}"# + "\n"
    }

    @Test("store, get, list, erase and version, as docker's helpers answer them")
    func actions() {
        let keyring = MemoryCredentialStore()
        let helper = CredentialHelperProtocol(store: keyring)
        #expect(Self.run(helper, ["store"], #"{"ServerURL":"\#(Self.server)","Username":"dev","Secret":"pw"}"#) == ("", 0))
        #expect(keyring.credentials == [Credential(server: Self.server, username: "dev", secret: "pw")])
        #expect(Self.run(helper, ["get"], " \(Self.server)\n") == (Self.answer(user: "dev", secret: "pw"), 0), "the server is trimmed")
        #expect(Self.run(helper, ["list"]) == (#"{"\#(Self.server)":"dev"}"# + "\n", 0))
        #expect(Self.run(helper, ["erase"], Self.server) == ("", 0))
        #expect(Self.run(helper, ["get"], Self.server) == (CredentialHelperProtocol.notFound + "\n", 1))
        #expect(Self.run(helper, ["erase"], Self.server) == ("", 0), "nothing stored is not an error")
        #expect(Self.run(helper, ["version"]) == (CredentialHelperProtocol.versionAnswer, 0))
    }

    @Test("field names in any case, null as empty, lines joined, the last of a repeated field: as Go's decoder reads them")
    func lenientDecoding() {
        let keyring = MemoryCredentialStore()
        let helper = CredentialHelperProtocol(store: keyring)
        let input = "{\"serverurl\": \"\(Self.server)\",\n \"USERNAME\": \"first\", \"Username\": \"dev\",\n \"secret\": null}\n"
        #expect(Self.run(helper, ["store"], input) == ("", 0))
        #expect(keyring.credentials == [Credential(server: Self.server, username: "dev", secret: "")])
    }

    @Test("what is refused, with docker's texts and exit 1, and nothing stored",
          arguments: [
            ([], "", CredentialHelperProtocol.usage),
            (["get", "extra"], CredentialHelperProtocolTests.server, CredentialHelperProtocol.usage),
            (["frob"], "", "Unknown credential action `frob`"),
            (["get"], " \n", "no credentials server URL"),
            (["erase"], "", "no credentials server URL"),
            (["store"], "\n", "EOF"),
            (["store"], "[1]", "json: cannot unmarshal into credentials: not an object"),
            (["store"], #"{"ServerURL":"\#(CredentialHelperProtocolTests.server)","Username":5}"#, "json: cannot unmarshal into Go struct field Credentials.Username of type string"),
            (["store"], #"{"ServerURL":"\#(CredentialHelperProtocolTests.server)","Secret":"pw"}"#, "no credentials username"),
            (["store"], #"{"Username":"dev","Secret":"pw"}"#, "no credentials server URL"),
          ] as [([String], String, String)])
    func refusals(arguments: [String], input: String, message: String) {
        let keyring = MemoryCredentialStore()
        #expect(Self.run(CredentialHelperProtocol(store: keyring), arguments, input) == (message + "\n", 1))
        #expect(keyring.credentials.isEmpty)
    }

    @Test("input that is not JSON: the parser's reason, exit 1")
    func notJSON() {
        let (output, status) = Self.run(CredentialHelperProtocol(store: MemoryCredentialStore()), ["store"], "{")
        #expect(output.hasPrefix("invalid JSON: "))
        #expect(status == 1)
    }

    @Test("a keyring that cannot be reached answers exit 4 (credential store unavailable); one that refuses, exit 1")
    func keyringFailures() {
        let keyring = MemoryCredentialStore([Credential(server: Self.server, username: "dev", secret: "pw")])
        let helper = CredentialHelperProtocol(store: keyring)
        for (failure, status) in [(CredentialError.storeUnavailable("no session bus"), ExitStatus.storeUnavailable), (.locked, .storeUnavailable), (.storeFailed("denied"), .failed)] {
            keyring.failure = failure
            for (action, input) in [("get", Self.server), ("store", #"{"ServerURL":"x","Username":"u","Secret":"s"}"#), ("erase", Self.server), ("list", "")] {
                #expect(Self.run(helper, [action], input) == (failure.message + "\n", status.rawValue), "\(action) with \(failure)")
            }
        }
        keyring.failure = nil
        #expect(keyring.credentials == [Credential(server: Self.server, username: "dev", secret: "pw")])
    }

    /// regctl's config and the login source of a test's bound login.
    struct BoundLogin {
        let config: RegctlConfigFile
        let source: LoginSource
    }

    /// A login to ``server`` bound to context `dev` of the sandbox's kubeconfig, which holds `token`.
    static func boundLogin(_ sandbox: Sandbox, token: String) throws -> BoundLogin {
        let environment = RegctlEnvironment(variables: sandbox.environment, isRoot: false, isInteractive: false)
        try sandbox.write("""
            apiVersion: v1
            kind: Config
            current-context: dev
            clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
            users: [{name: u, user: {token: "\(token)"}}]
            contexts: [{name: dev, context: {cluster: c, user: u}}]
            """, to: sandbox.kubeconfig)
        let config = RegctlConfigFile(environment: environment)
        let binding = KubeconfigBinding(context: "dev", cluster: "https://127.0.0.1:1", files: [sandbox.kubeconfig.path])
        _ = try config.update { $0.registries[server] = .init(store: .secretService, username: "dev", binding: binding) }
        return .init(config: config, source: LoginSource(environment: environment))
    }

    @Test("a bound login: get serves the context's token and writes the keyring only when that token changed")
    func boundGet() async throws {
        try await withSandbox(auditsSecrets: false) { sandbox in
            let login = try Self.boundLogin(sandbox, token: "sha256~context-token")
            let keyring = MemoryCredentialStore([Credential(server: Self.server, username: "dev", secret: "sha256~old-copy")])
            let helper = CredentialHelperProtocol(store: keyring, source: login.source)
            #expect(try await Self.runOnOwnThread(helper, ["get"], Self.server) == (Self.answer(user: "dev", secret: "sha256~context-token"), 0))
            #expect(keyring.credentials.map(\.secret) == ["sha256~context-token"], "the keyring's copy follows the source")
            #expect(try login.config.load().registries[Self.server]?.token?.id == TokenExpiry.oauthName(of: "sha256~context-token"))

            // Recorded as stored: the next get writes nothing, whatever the keyring holds.
            try keyring.store(Credential(server: Self.server, username: "dev", secret: "sha256~untouched"))
            #expect(try await Self.runOnOwnThread(helper, ["get"], Self.server) == (Self.answer(user: "dev", secret: "sha256~context-token"), 0))
            #expect(keyring.credentials.map(\.secret) == ["sha256~untouched"])

            // Without a keyring, the source alone serves.
            keyring.failure = .storeUnavailable("no session bus")
            #expect(try await Self.runOnOwnThread(helper, ["get"], Self.server) == (Self.answer(user: "dev", secret: "sha256~context-token"), 0))

            // A binding whose context is gone: the keyring's copy serves.
            keyring.failure = nil
            _ = try login.config.update { $0.registries[Self.server]?.context = "gone" }
            #expect(try await Self.runOnOwnThread(helper, ["get"], Self.server) == (Self.answer(user: "dev", secret: "sha256~untouched"), 0))
        }
    }

    @Test("what a client stores or erases ends the binding; without a keyring, erasing a bound login is its logout")
    func storeAndEraseUnbind() async throws {
        try await withSandbox(auditsSecrets: false) { sandbox in
            var login = try Self.boundLogin(sandbox, token: "sha256~context-token")
            let keyring = MemoryCredentialStore()
            var helper = CredentialHelperProtocol(store: keyring, source: login.source)
            #expect(try await Self.runOnOwnThread(helper, ["store"], #"{"ServerURL":"\#(Self.server)","Username":"podman","Secret":"pw"}"#) == ("", 0))
            #expect(try login.config.load().registries[Self.server]?.binding == nil)
            #expect(try await Self.runOnOwnThread(helper, ["get"], Self.server) == (Self.answer(user: "podman", secret: "pw"), 0), "what the client stored wins")

            login = try Self.boundLogin(sandbox, token: "sha256~context-token")
            helper = CredentialHelperProtocol(store: keyring, source: login.source)
            keyring.failure = .storeUnavailable("no session bus")
            #expect(try await Self.runOnOwnThread(helper, ["erase"], Self.server) == ("", 0))
            #expect(try login.config.load().registries[Self.server]?.binding == nil)
            #expect(try await Self.runOnOwnThread(helper, ["erase"], Self.server).status == ExitStatus.storeUnavailable.rawValue, "unbound now: the keyring is needed")
        }
    }
}
