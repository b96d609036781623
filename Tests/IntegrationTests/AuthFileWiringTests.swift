import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// auth.json and config.json wired to `docker-credential-regctl`, proven by skopeo and
/// podman pulling with the secret only in the keyring.
@Suite("auth-file wiring")
struct AuthFileWiringTests {
    @Test("skopeo and podman push and pull through credHelpers, with no secret in any file")
    func clientsUseTheHelper() async throws {
        try await withSandbox { sandbox in
            let wired = try await WiredRegistry.start(in: sandbox)
            let (registry, secret) = (wired.registry, wired.secret)
            try await wired.save()

            let image = try await sandbox.makeTestImage()
            let reference = "\(registry.host)/team/hello:1"
            let push = try await sandbox.run(["skopeo", "copy", image.reference, "docker://\(reference)"])
            #expect(push.succeeded, "\(push)")
            let pull = try await sandbox.podman(["pull", reference])
            #expect(pull.succeeded, "\(pull)")

            let authJSON = sandbox.runtimeDirectory.appendingPathComponent("containers/auth.json")
            #expect(try String(contentsOf: authJSON, encoding: .utf8) == "{\n\t\"credHelpers\": {\n\t\t\"\(registry.host)\": \"regctl\"\n\t}\n}\n")
            #expect(try permissions(authJSON) == 0o600)
            #expect(try permissions(authJSON.deletingLastPathComponent()) == 0o700)
            let config = try RegctlConfigFile(environment: sandbox.regctlEnvironment).load()
            #expect(config.registries[registry.host] == .init(
                store: .secretService, username: "alice", token: .init(id: TokenNames(config: RegctlConfigFile(environment: sandbox.regctlEnvironment)).name(of: secret) ?? "no key", expiry: nil)
            ), "which token is stored, by a one-way name")
            #expect(filesContaining(secret, under: sandbox.root).isEmpty, "the secret must be in no file")

            // After a reboot wipes XDG_RUNTIME_DIR, config.json alone still leads to the helper.
            try FileManager.default.removeItem(at: authJSON)
            let afterReboot = try await sandbox.podman(["pull", reference])
            #expect(afterReboot.succeeded, "\(afterReboot)")
        }
    }

    @Test("--store file writes base64 into auths, removes credHelpers, and podman uses it")
    func fileStore() async throws {
        try await withSandbox { sandbox in
            let secret = "pw-\(UUID().uuidString)"
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": secret]))
            try #require(try await sandbox.regctl(["trust", "install", registry.host, "--ca-file", try sandbox.writeCAFile(), "--scope", "user"]).succeeded)
            // --store file: the secret in both auth files, as the user chose.
            sandbox.allowSecret(in: sandbox.dockerConfigFile)
            sandbox.allowSecret(in: sandbox.containersAuthFile)
            let authFiles = AuthFiles(locations: AuthFileLocations(environment: sandbox.regctlEnvironment))
            let host = try RegistryHost(registry.host)
            try authFiles.useHelper(for: host)
            let outcome = try CredentialWiring(
                keyring: MemoryCredentialStore(), authFiles: authFiles,
                config: RegctlConfigFile(environment: sandbox.regctlEnvironment)
            ).save(Credential(server: registry.host, username: "alice", secret: secret), for: host, in: .file)
            #expect(outcome.warnings.contains { $0.contains("unencrypted") })
            #expect(outcome.changed)

            let docker = try JSONValue(parsing: String(contentsOf: sandbox.dockerConfig.appendingPathComponent("config.json"), encoding: .utf8))
            #expect(docker["auths"]?[registry.host]?["auth"]?.stringValue == Data("alice:\(secret)".utf8).base64EncodedString())
            #expect(docker["credHelpers"]?[registry.host] == nil)
            let pull = try await sandbox.run(["skopeo", "inspect", "docker://\(registry.host)/team/none:1"])
            #expect(pull.stderr.contains("manifest unknown"), "authenticated, then the image is missing: \(pull)")
        }
    }
}

/// A registry with user alice, its CA installed for the user, and the wiring that saves her
/// credential as login does, the secret through the real helper into the keyring:
/// in-process libsecret would use this test process's D-Bus address, not the sandbox's.
struct WiredRegistry {
    let registry: RegistryServer
    let secret: String
    let sandbox: Sandbox
    /// What the wiring stored, until ``save()`` hands it to the helper.
    let keyring: MemoryCredentialStore
    let wiring: CredentialWiring

    static func start(in sandbox: Sandbox) async throws -> WiredRegistry {
        _ = try await sandbox.startKeyring()
        let secret = "pw-\(UUID().uuidString)"
        let registry = try await sandbox.startRegistry(.htpasswd(["alice": secret]))
        try #require(try await sandbox.regctl(["trust", "install", registry.host, "--ca-file", try sandbox.writeCAFile(), "--scope", "user"]).succeeded)
        let keyring = MemoryCredentialStore()
        let wiring = CredentialWiring(
            keyring: keyring,
            authFiles: AuthFiles(locations: AuthFileLocations(environment: sandbox.regctlEnvironment)),
            config: RegctlConfigFile(environment: sandbox.regctlEnvironment)
        )
        return WiredRegistry(registry: registry, secret: secret, sandbox: sandbox, keyring: keyring, wiring: wiring)
    }

    /// Saves alice's credential in the keyring, through `docker-credential-regctl store`, and
    /// wires the auth files to the helper; fails on any error.
    func save() async throws {
        try wiring.save(Credential(server: registry.host, username: "alice", secret: secret), for: try RegistryHost(registry.host), in: .secretService)
        for credential in keyring.credentials {
            let input = #"{"ServerURL":"\#(credential.server)","Username":"\#(credential.username)","Secret":"\#(credential.secret)"}"#
            let result = try await sandbox.credentialHelper(["store"], stdin: input)
            guard result.succeeded else { throw HarnessError("helper store failed: \(result)") }
        }
    }
}

/// Every regular file below `root` whose bytes contain `text`.
func filesContaining(_ text: String, under root: URL) -> [String] {
    guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
    let needle = Data(text.utf8)
    return walker.compactMap { item -> String? in
        guard let url = item as? URL, (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
              let data = FileManager.default.contents(atPath: url.path), data.range(of: needle) != nil
        else { return nil }
        return url.path
    }
}
