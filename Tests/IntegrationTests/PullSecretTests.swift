import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// `regctl pull-secret`: a service account's token (`default` unless told), or with
/// `--from-login` the credential podman uses, as a
/// `kubernetes.io/dockerconfigjson` Secret — printed, or applied and linked in the stand-in.
@Suite("pull secrets")
struct PullSecretTests {
    /// The user `developer` (a project of their own, `developer`) logged in to a token
    /// registry from the kubeconfig, with an image in it.
    struct World {
        let openShift: OpenShiftStandIn
        let registry: RegistryServer
        let token: String
        let reference: String

        static func make(_ sandbox: Sandbox) async throws -> World {
            _ = try await sandbox.startKeyring()
            let openShift = try await sandbox.startOpenShift()
            let registry = try await sandbox.startRegistry(.token(openShift))
            try await sandbox.regctl(["trust", "install", registry.host, "--ca-file", try sandbox.writeCAFile(), "--scope", "user"]).required()
            let token = "sha256~\(UUID().uuidString)"
            openShift.grant(token: token, to: "developer")
            try sandbox.writeKubeconfig(openShift: openShift, token: token)
            try await sandbox.regctl(["login", registry.host]).required()
            let image = try await sandbox.makeTestImage()
            let reference = "\(registry.host)/developer/app:1"
            try await sandbox.run(["skopeo", "copy", image.reference, "docker://\(reference)"]).required()
            return World(openShift: openShift, registry: registry, token: token, reference: reference)
        }
    }

    /// The `.dockerconfigjson` of a Secret, written as an auth file skopeo can use.
    static func authFile(of secret: JSONValue, in sandbox: Sandbox) throws -> String {
        let encoded = try #require(secret["data"]?[".dockerconfigjson"]?.stringValue)
        let file = sandbox.root.appendingPathComponent("pull-secret-\(UUID().uuidString.prefix(6)).json")
        try #require(Data(base64Encoded: encoded)).write(to: file)
        sandbox.allowSecret(in: file)
        return file.path
    }

    /// skopeo pulls `reference` with the Secret's `.dockerconfigjson` as its only auth file.
    static func pull(_ reference: String, with secret: JSONValue, in sandbox: Sandbox) async throws -> CommandResult {
        let target = sandbox.root.appendingPathComponent("pulled-\(UUID().uuidString.prefix(6))").path
        return try await sandbox.run(["skopeo", "copy", "--src-authfile", try authFile(of: secret, in: sandbox), "docker://\(reference)", "dir:\(target)"])
    }

    @Test("by default the secret holds a token of the service account default, which pulls; the user's own token only with --from-login")
    func defaultServiceAccount() async throws {
        try await withSandbox { sandbox in
            let world = try await World.make(sandbox)
            let made = try await sandbox.regctl(["pull-secret", world.registry.host, "--output", "json"])
            try #require(made.succeeded, "\(made)")
            let secret = try JSONValue(parsing: made.stdout)
            let config = try JSONValue(parsing: String(decoding: Data(base64Encoded: secret["data"]?[".dockerconfigjson"]?.stringValue ?? "") ?? Data(), as: UTF8.self))
            let entry = config["auths"]?[world.registry.host]
            #expect(entry?["username"]?.stringValue == "default")
            let token = try #require(entry?["password"]?.stringValue)
            #expect(token != world.token, "not the user's own token")
            #expect(world.openShift.expiry(of: token) != nil, "a token the cluster minted")
            #expect(made.stderr.contains("The token of service account developer/default lasts until"), "\(made.stderr)")
            #expect(!made.stderr.contains("your own token"), "\(made.stderr)")
            let pull = try await Self.pull(world.reference, with: secret, in: sandbox)
            #expect(pull.succeeded, "\(pull)")

            let both = try await sandbox.regctl(["pull-secret", world.registry.host, "--from-login", "--service-account", "builder"])
            #expect(both.status == 2 && both.stderr.contains("--from-login puts your own credential in the secret"), "\(both)")
        }
    }

    @Test("--from-login: YAML and JSON outputs parse, the warning says what it gives away, and the decoded .dockerconfigjson as skopeo's --authfile pulls")
    func printed() async throws {
        try await withSandbox { sandbox in
            let world = try await World.make(sandbox)
            let yaml = try await sandbox.regctl(["pull-secret", world.registry.host, "--from-login"])
            try #require(yaml.succeeded, "\(yaml)")
            #expect(yaml.stderr.contains("the secret holds your own token: whoever can read secrets in developer can act as developer, with all your rights, until it expires on"), "\(yaml.stderr)")
            let parsed = try await sandbox.run(
                ["python3", "-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))"], stdin: yaml.stdout
            ).required()
            let fromYAML = try JSONValue(parsing: parsed.stdout)
            #expect(fromYAML["type"]?.stringValue == "kubernetes.io/dockerconfigjson")
            #expect(fromYAML["metadata"]?["namespace"]?.stringValue == "developer", "the bound context's namespace")

            let json = try await sandbox.regctl(["pull-secret", world.registry.host, "--from-login", "--output", "json", "--name", "app-pull"])
            let fromJSON = try JSONValue(parsing: json.stdout)
            #expect(fromJSON["metadata"]?["name"]?.stringValue == "app-pull")
            #expect(fromJSON["data"] == fromYAML["data"])

            let config = try JSONValue(parsing: String(decoding: Data(base64Encoded: fromJSON["data"]?[".dockerconfigjson"]?.stringValue ?? "") ?? Data(), as: UTF8.self))
            #expect(config["auths"]?[world.registry.host]?["password"]?.stringValue == world.token)
            let pull = try await Self.pull(world.reference, with: fromYAML, in: sandbox)
            #expect(pull.succeeded, "\(pull)")
            // The control: the same pull with a wrong password fails, so the Secret's credential is what worked.
            let wrong = #"{"auths":{"\#(world.registry.host)":{"auth":"\#(Data("developer:wrong".utf8).base64EncodedString())"}}}"#
            let control = try await Self.pull(world.reference, with: ["data": [".dockerconfigjson": .string(Data(wrong.utf8).base64EncodedString())]], in: sandbox)
            #expect(!control.succeeded)
        }
    }

    @Test("--service-account: a token minted with TokenRequest, with the expiry the cluster granted, that pulls")
    func serviceAccountToken() async throws {
        try await withSandbox { sandbox in
            let world = try await World.make(sandbox)
            let made = try await sandbox.regctl(["pull-secret", world.registry.host, "--service-account", "builder", "--duration", "48h", "--output", "json", "-v"])
            try #require(made.succeeded, "\(made)")
            let secret = try JSONValue(parsing: made.stdout)
            let config = try JSONValue(parsing: String(decoding: Data(base64Encoded: secret["data"]?[".dockerconfigjson"]?.stringValue ?? "") ?? Data(), as: UTF8.self))
            let entry = config["auths"]?[world.registry.host]
            #expect(entry?["username"]?.stringValue == "builder")
            let token = try #require(entry?["password"]?.stringValue)
            #expect(token != world.token)
            let expiry = try #require(world.openShift.expiry(of: token))
            #expect(abs(expiry.timeIntervalSinceNow - 48 * 3600) < 120, "the requested 48 hours, as the stand-in granted them")
            #expect(made.stderr.contains("service account developer/builder lasts until \(expiry.formatted(.iso8601))"), "\(made.stderr)")
            #expect(!made.stderr.contains(token) && !made.stderr.contains(world.token), "no secret in the log")
            let pull = try await Self.pull(world.reference, with: secret, in: sandbox)
            #expect(pull.succeeded, "\(pull)")

            let capped = try await sandbox.regctl(["pull-secret", world.registry.host, "--service-account", "builder", "--duration", "1095d", "--output", "json"])
            let cappedToken = try JSONValue(parsing: String(decoding: Data(base64Encoded: JSONValue(parsing: capped.stdout)["data"]?[".dockerconfigjson"]?.stringValue ?? "") ?? Data(), as: UTF8.self))["auths"]?[world.registry.host]?["password"]?.stringValue
            let granted = try #require(cappedToken.flatMap { world.openShift.expiry(of: $0) })
            #expect(abs(granted.timeIntervalSinceNow - 730 * 86_400) < 120, "three years asked, the cluster's two granted")
            #expect(capped.stderr.contains("lasts until \(granted.formatted(.iso8601))"), "the expiry the cluster gave is told")
        }
    }

    @Test("--from-login --apply --link builder twice: one Secret, one imagePullSecrets entry; the second run changes nothing and says so")
    func applyAndLink() async throws {
        try await withSandbox { sandbox in
            let world = try await World.make(sandbox)
            let first = try await sandbox.regctl(["pull-secret", world.registry.host, "--from-login", "--name", "registry-pull", "--apply", "--link", "builder"])
            try #require(first.succeeded, "\(first)")
            #expect(first.stdout == "Created secret developer/registry-pull.\nLinked it to service account builder: its pods pull from \(world.registry.host) with it.\n")
            #expect(!first.stdout.contains(world.token))
            let second = try await sandbox.regctl(["pull-secret", world.registry.host, "--from-login", "--name", "registry-pull", "--apply", "--link", "builder"])
            try #require(second.succeeded, "\(second)")
            #expect(second.stdout == "Secret developer/registry-pull is already up to date.\nService account builder already pulls with it.\n")
            #expect(world.openShift.secrets.count == 1)
            #expect(world.openShift.imagePullSecrets(of: "builder", namespace: "developer") == ["registry-pull"])
            let stored = try #require(world.openShift.secret("registry-pull", namespace: "developer"))
            #expect(stored["type"]?.stringValue == "kubernetes.io/dockerconfigjson")
        }
    }

    @Test("a 403 on TokenRequest: a clear error naming the missing right, and no secret printed")
    func forbiddenTokenRequest() async throws {
        try await withSandbox { sandbox in
            let world = try await World.make(sandbox)
            let refused = try await sandbox.regctl(["pull-secret", world.registry.host, "--service-account", "builder", "--namespace", "production"])
            #expect(refused.status == 1, "\(refused)")
            #expect(refused.stdout.isEmpty)
            #expect(refused.stderr.contains(#"cannot create resource "serviceaccounts/token""#), "\(refused.stderr)")
            #expect(refused.stderr.contains(#"namespace "production""#))
            #expect(world.openShift.secrets.isEmpty)

            let notLoggedIn = try await sandbox.regctl(["pull-secret", "other.example:5000"])
            #expect(notLoggedIn.status == 1)
            #expect(notLoggedIn.stderr.contains("Run: regctl setup other.example:5000"), "\(notLoggedIn.stderr)")
        }
    }
}

extension CommandResult {
    @discardableResult
    func required() throws -> CommandResult {
        guard succeeded else { throw HarnessError("\(self)") }
        return self
    }
}
