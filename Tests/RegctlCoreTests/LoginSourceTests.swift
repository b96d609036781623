import Foundation
@testable import RegctlCore
import RegctlTestSupport
import Testing

/// A bound login's current token, from kubeconfig files alone: which logins have a source,
/// what it gives, whether the keyring already holds it, and when an exec plugin may run.
@Suite("login source")
struct LoginSourceTests {
    static let server = "reg.example:5000"
    static let cluster = "https://api.example:6443"
    /// A plugin that is not there: running it would throw.
    static let absentPlugin = "{exec: {apiVersion: client.authentication.k8s.io/v1, command: /nonexistent/regctl-plugin, interactiveMode: Never}}"
    static let pluginMissing = ExecPluginError.notInstalled(context: "dev", command: "/nonexistent/regctl-plugin", installHint: nil)

    /// The sandbox as regctl acting for its own (not root) user sees it.
    static func environment(_ sandbox: Sandbox) -> RegctlEnvironment {
        RegctlEnvironment(variables: sandbox.environment, isRoot: false, isInteractive: false)
    }

    /// Writes `$KUBECONFIG` with context `dev` on ``cluster`` and `user` as the user's body;
    /// returns the binding of a login made from it.
    static func kubeconfig(_ sandbox: Sandbox, user: String) throws -> KubeconfigBinding {
        try sandbox.write("""
            apiVersion: v1
            kind: Config
            current-context: dev
            clusters: [{name: c, cluster: {server: "\(cluster)"}}]
            users: [{name: u, user: \(user)}]
            contexts: [{name: dev, context: {cluster: c, user: u}}]
            """, to: sandbox.kubeconfig)
        return KubeconfigBinding(context: "dev", cluster: cluster, files: [sandbox.kubeconfig.path])
    }

    static func record(_ sandbox: Sandbox, of token: String, expiry: Date? = nil) throws -> TokenRecord {
        TokenRecord(id: try TokenNames(config: RegctlConfigFile(environment: environment(sandbox))).makeName(of: token), expiry: expiry)
    }

    @Test("only a keyring login bound to a context has a source")
    func unbound() async throws {
        try await withSandbox(auditsSecrets: false) { sandbox in
            let binding = try Self.kubeconfig(sandbox, user: #"{token: "sha256~context-token"}"#)
            let source = LoginSource(environment: Self.environment(sandbox))
            #expect(try source.token(for: Self.server, entry: nil, plugins: .runWhenExpired) == nil)
            #expect(try source.token(for: Self.server, entry: .init(store: .secretService, username: "dev"), plugins: .runWhenExpired) == nil)
            #expect(try source.token(for: Self.server, entry: .init(store: .file, username: "dev", binding: binding), plugins: .runWhenExpired) == nil)
            #expect(try source.token(for: Self.server, entry: .init(store: .secretService, username: "dev", binding: binding), plugins: .runWhenExpired) != nil)
        }
    }

    @Test("a bound login serves its context's token, and knows whether the keyring holds that very token")
    func staticToken() async throws {
        try await withSandbox(auditsSecrets: false) { sandbox in
            let binding = try Self.kubeconfig(sandbox, user: #"{token: "sha256~context-token"}"#)
            let source = LoginSource(environment: Self.environment(sandbox))
            func current(_ token: TokenRecord?) throws -> LoginSource.Current? {
                try source.token(for: Self.server, entry: .init(store: .secretService, username: "dev", binding: binding, token: token), plugins: .runWhenExpired)
            }
            let fresh = try #require(try current(nil))
            #expect(fresh.credential == Credential(server: Self.server, username: "dev", secret: "sha256~context-token"))
            #expect(fresh.token.context == "dev")
            #expect(fresh.token.cluster.server == Self.cluster)
            #expect(!fresh.stored, "no record: the keyring is to be written")
            #expect(try current(Self.record(sandbox, of: "sha256~context-token"))?.stored == true)
            #expect(try current(Self.record(sandbox, of: "sha256~older-token"))?.stored == false, "oc login gave a new token")
        }
    }

    @Test("a token file is read and trimmed")
    func tokenFile() async throws {
        try await withSandbox(auditsSecrets: false) { sandbox in
            let file = sandbox.home.appendingPathComponent(".kube/token")
            try sandbox.write("  sha256~from-the-file\n", to: file)
            let binding = try Self.kubeconfig(sandbox, user: "{tokenFile: \(file.path)}")
            let current = try LoginSource(environment: Self.environment(sandbox))
                .token(for: Self.server, entry: .init(store: .secretService, username: "dev", binding: binding), plugins: .runWhenExpired)
            #expect(current?.credential.secret == "sha256~from-the-file")
        }
    }

    @Test("the binding holds only while its context names its cluster")
    func brokenBinding() async throws {
        try await withSandbox(auditsSecrets: false) { sandbox in
            let binding = try Self.kubeconfig(sandbox, user: #"{token: "sha256~context-token"}"#)
            let source = LoginSource(environment: Self.environment(sandbox))
            func token(_ binding: KubeconfigBinding) throws {
                _ = try source.token(for: Self.server, entry: .init(store: .secretService, username: "dev", binding: binding), plugins: .runWhenExpired)
            }
            #expect(throws: KubeconfigError.unknownContext("gone")) {
                try token(KubeconfigBinding(context: "gone", cluster: Self.cluster, files: binding.files))
            }
            #expect(throws: KubeconfigError.otherCluster(context: "dev", server: Self.cluster, bound: "https://api.other:6443")) {
                try token(KubeconfigBinding(context: "dev", cluster: "https://api.other:6443", files: binding.files))
            }
            #expect(throws: KubeconfigError.relativeBinding("config")) {
                try token(KubeconfigBinding(context: "dev", cluster: Self.cluster, files: ["config"]))
            }
            // A trailing slash and capitals name the same server.
            try token(KubeconfigBinding(context: "dev", cluster: "HTTPS://API.example:6443/", files: binding.files))
        }
    }

    @Test("an exec plugin runs only when asked to and once the stored token's recorded expiry has passed")
    func execPlugin() async throws {
        try await withSandbox(auditsSecrets: false) { sandbox in
            let binding = try Self.kubeconfig(sandbox, user: Self.absentPlugin)
            let source = LoginSource(environment: Self.environment(sandbox))
            func token(expiry: Date?, _ plugins: LoginSource.Plugins) throws -> LoginSource.Current? {
                let record = try Self.record(sandbox, of: "sha256~from-the-plugin", expiry: expiry)
                return try source.token(for: Self.server, entry: .init(store: .secretService, username: "dev", binding: binding, token: record), plugins: plugins)
            }
            #expect(try token(expiry: Date() - 60, .skip) == nil, "the keyring's copy speaks for the plugin")
            #expect(try token(expiry: Date() + 3600, .runWhenExpired) == nil, "the stored token is still good")
            #expect(throws: Self.pluginMissing, "expired: the plugin is looked for, and it is not there") {
                try token(expiry: Date() - 60, .runWhenExpired)
            }
            #expect(throws: Self.pluginMissing, "no known expiry: the plugin is asked") {
                try token(expiry: nil, .runWhenExpired)
            }
        }
    }

    @Test("a kubeconfig the caller loaded serves: the files are not read again")
    func sharedRead() async throws {
        try await withSandbox(auditsSecrets: false) { sandbox in
            let binding = try Self.kubeconfig(sandbox, user: #"{token: "sha256~read-once"}"#)
            let environment = Self.environment(sandbox)
            let loaded = try binding.kubeconfig(environment: environment)
            try FileManager.default.removeItem(at: sandbox.kubeconfig)
            let current = try LoginSource(environment: environment).token(
                for: Self.server, entry: .init(store: .secretService, username: "dev", binding: binding), plugins: .runWhenExpired,
                load: { _ in loaded }
            )
            #expect(current?.credential.secret == "sha256~read-once")
        }
    }
}
