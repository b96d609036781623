import Foundation
@testable import RegctlCore
import RegctlTestSupport
import Testing

/// What each client sends for a registry, decided from the files, regctl's record, the
/// kubeconfig and the keyring: no services, only the inputs.
@Suite("credential resolver")
struct CredentialResolverTests {
    static let host = "reg.example:5000"
    static let runtime = URL(fileURLWithPath: "/run/user/1000/containers/auth.json")
    static let persistent = URL(fileURLWithPath: "/home/u/.config/containers/auth.json")
    static let docker = URL(fileURLWithPath: "/home/u/.docker/config.json")
    static let paths = [runtime, persistent, docker]

    /// regctl's reading of a fixture's answer.
    static func lookup(_ answer: AuthFileFixture.Answer) -> CredentialLookup {
        switch answer {
        case .nothing: .nothing
        case .helper(let name, let file, let entry): CredentialLookup(answer: .helper(name), file: paths[file.rawValue], entry: entry)
        case .plain(let account, let file, let key):
            CredentialLookup(answer: .plain(Credential(server: host, username: account.user, secret: account.secret)), file: paths[file.rawValue], entry: "auths[\(key)]")
        }
    }

    @Test("each client's order", arguments: AuthFileFixture.all(host: host))
    func lookup(_ test: AuthFileFixture) throws {
        let documents = try zip(Self.paths, test.files).map { file, text in
            (file: file, document: try AuthDocument(data: text.map { Data($0.utf8) }, path: file.path))
        }
        #expect(CredentialLookup.find(Self.host, client: .containers, in: documents) == Self.lookup(test.containers))
        #expect(CredentialLookup.find(Self.host, client: .docker, in: documents.suffix(1).map { $0 }) == Self.lookup(test.docker))
    }

    @Test("where the credential comes from: plain, regctl's helper, another helper, nothing")
    func sources() throws {
        let bound = CredentialResolver.Source.keyring
        let plain = Credential(server: Self.host, username: "u", secret: "s")
        let cases: [(CredentialLookup.Answer, String)] = [
            (.plain(plain), "plain"), (.helper("regctl"), "helper"), (.helper("pass"), "other:pass"), (.none, "none"),
        ]
        for (answer, expected) in cases {
            let lookup = CredentialLookup(answer: answer, file: nil, entry: nil)
            var askedHelper = false
            let source = CredentialResolver.source(of: lookup) { askedHelper = true; return bound }
            let described = switch source {
            case .plain(let credential): credential == plain ? "plain" : "wrong plain"
            case .keyring: askedHelper ? "helper" : "keyring without asking"
            case .otherHelper(let name): "other:\(name)"
            case .none: "none"
            case .kubeconfig: "kubeconfig"
            }
            #expect(described == expected, "\(answer)")
            #expect(askedHelper == (expected == "helper"), "only regctl's helper asks the source: \(answer)")
        }
    }

    @Test("regctl's helper: a bound login serves its context's token, an unbound one the keyring; a broken binding says why")
    func helperSource() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("resolver-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let kubeconfig = directory.appendingPathComponent("kubeconfig")
        try """
            apiVersion: v1
            kind: Config
            current-context: dev
            clusters: [{name: c, cluster: {server: "https://api.example:6443"}}]
            users: [{name: u, user: {token: "sha256~context-token"}}]
            contexts: [{name: dev, context: {cluster: c, user: u}}]
            """.write(to: kubeconfig, atomically: true, encoding: .utf8)
        let environment = RegctlEnvironment(variables: ["HOME": directory.path, "KUBECONFIG": kubeconfig.path], isRoot: false, isInteractive: false)
        let resolver = CredentialResolver(environment: environment, keyring: MemoryCredentialStore())
        let binding = KubeconfigBinding(context: "dev", cluster: "https://api.example:6443", files: [kubeconfig.path])
        let storedToken = TokenRecord(id: try TokenNames(config: RegctlConfigFile(environment: environment)).makeName(of: "sha256~context-token"), expiry: nil)

        let bound = try resolver.served(for: Self.host, entry: .init(store: .secretService, username: "dev", binding: binding, token: storedToken))
        guard case .kubeconfig(let current) = bound.source else { Issue.record("bound: \(bound.source)"); return }
        #expect(current.credential == Credential(server: Self.host, username: "dev", secret: "sha256~context-token"))
        #expect(current.stored)
        #expect(bound.problem == nil)

        let unbound = try resolver.served(for: Self.host, entry: .init(store: .secretService, username: "dev"))
        guard case .keyring = unbound.source else { Issue.record("unbound: \(unbound.source)"); return }
        #expect(unbound.problem == nil)

        let fileStore = try resolver.served(for: Self.host, entry: .init(store: .file, username: "dev", binding: binding))
        guard case .keyring = fileStore.source else { Issue.record("--store file: \(fileStore.source)"); return }

        let gone = KubeconfigBinding(context: "deleted", cluster: "https://api.example:6443", files: [kubeconfig.path])
        let broken = try resolver.served(for: Self.host, entry: .init(store: .secretService, username: "dev", binding: gone))
        guard case .keyring = broken.source else { Issue.record("broken binding: \(broken.source)"); return }
        #expect(broken.problem == .unknownContext("deleted"))

        let moved = KubeconfigBinding(context: "dev", cluster: "https://api.other:6443", files: [kubeconfig.path])
        let otherCluster = try resolver.served(for: Self.host, entry: .init(store: .secretService, username: "dev", binding: moved))
        guard case .keyring = otherCluster.source else { Issue.record("another cluster: \(otherCluster.source)"); return }
        #expect(otherCluster.problem == .otherCluster(context: "dev", server: "https://api.example:6443", bound: "https://api.other:6443"))

        let relative = KubeconfigBinding(context: "dev", cluster: "https://api.example:6443", files: ["kubeconfig"])
        let relativeSource = try resolver.served(for: Self.host, entry: .init(store: .secretService, username: "dev", binding: relative))
        guard case .keyring = relativeSource.source else { Issue.record("relative: \(relativeSource.source)"); return }
        #expect(relativeSource.problem == .relativeBinding("kubeconfig"))

        // The caller's KUBECONFIG does not matter: the binding names its files.
        let elsewhere = RegctlEnvironment(variables: ["HOME": directory.path, "KUBECONFIG": "/nonexistent"], isRoot: false, isInteractive: false)
        let followed = try CredentialResolver(environment: elsewhere, keyring: MemoryCredentialStore())
            .served(for: Self.host, entry: .init(store: .secretService, username: "dev", binding: binding, token: storedToken))
        guard case .kubeconfig = followed.source else { Issue.record("another KUBECONFIG: \(followed.source)"); return }
    }

    @Test("one call answers source and credential: the keyring is read only for regctl's helper, and says nothing for another helper")
    func resolveAndCredential() async throws {
        let kept = Credential(server: Self.host, username: "dev", secret: "kept")
        let plain = Credential(server: Self.host, username: "u", secret: "plain")
        let keyring = MemoryCredentialStore([kept])
        let resolver = CredentialResolver(environment: RegctlEnvironment(variables: [:], isRoot: false, isInteractive: false), keyring: keyring)
        let host = try RegistryHost(Self.host)
        let entry = RegctlConfig.Registry(store: .secretService, username: "dev")
        let cases: [(CredentialLookup.Answer, Credential?)] = [(.helper("regctl"), kept), (.plain(plain), plain), (.helper("pass"), nil), (.none, nil)]
        for (answer, expected) in cases {
            let lookup = CredentialLookup(answer: answer, file: nil, entry: nil)
            let resolution = try await resolver.resolve(host, for: .containers, entry: entry, lookup: lookup)
            #expect(resolution.lookup == lookup)
            #expect(try await resolution.credential() == expected, "\(answer)")
        }
        keyring.failure = .locked
        let locked = try await resolver.resolve(host, for: .containers, entry: entry, lookup: CredentialLookup(answer: .helper("regctl"), file: nil, entry: nil))
        await #expect(throws: CredentialError.locked) { try await locked.credential() }
    }

    @Test("logout's reach: every auths key whose host is HOST and its credHelpers entry, nothing else")
    func removal() throws {
        let text = #"""
            {"auths":{"\#(Self.host)":{"auth":"x"},"https://\#(Self.host)/v1/":{"auth":"y"},"\#(Self.host)/team/app":{"auth":"z"},
                      "reg.example":{"auth":"keep"},"reg.example:50000":{"auth":"keep"}},
             "credHelpers":{"\#(Self.host)":"regctl","gcr.io":"gcloud"},"credsStore":"pass","psFormat":"keep"}
            """#
        var document = try AuthDocument(data: Data(text.utf8), path: "config.json")
        let removed = document.removeEntries(of: Self.host)
        #expect(removed == ["credHelpers[\(Self.host)]", "auths[\(Self.host)]", "auths[https://\(Self.host)/v1/]", "auths[\(Self.host)/team/app]"])
        #expect(document.root["auths"]?.objectValue.map { Array($0.keys) } == ["reg.example", "reg.example:50000"])
        #expect(document.root["credHelpers"]?.objectValue.map { Array($0.keys) } == ["gcr.io"])
        #expect(document.root["credsStore"]?.stringValue == "pass")
        #expect(document.root["psFormat"]?.stringValue == "keep")
    }
}
