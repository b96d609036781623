import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// podman's and docker's habit: `echo PASSWORD | regctl login HOST -u USER --password-stdin`
/// logs in with the registry's own account, without a kubeconfig; a password in argv is
/// refused, since every user of the machine can read it there.
@Suite("registry account login")
struct AccountLoginTests {
    @Test("-u USER --password-stdin and --username USER --password-stdin: verified, stored in the keyring, and skopeo and podman use it", arguments: ["-u", "--username"])
    func podmansHabit(_ option: String) async throws {
        try await withSandbox { sandbox in
            _ = try await sandbox.startKeyring()
            let secret = "pw-\(UUID().uuidString)"
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": secret]))
            try await sandbox.regctl(["trust", "install", registry.host, "--ca-file", try sandbox.writeCAFile(), "--scope", "user"]).required()

            let login = try await sandbox.regctl(["login", registry.host, option, "alice", "--password-stdin"], stdin: secret + "\n")
            #expect(login.status == 0, "\(login)")
            #expect(login.stdout.contains("Logged in to \(registry.host) as alice"), "\(login.stdout)")
            #expect(try await sandbox.keyringSecret(registry.host) == secret)
            let skopeo = try await sandbox.run(["skopeo", "inspect", "docker://\(registry.host)/team/none:1"])
            #expect(skopeo.stderr.contains("manifest unknown"), "authenticated, then the image is missing: \(skopeo)")
            #expect(try await sandbox.podman(["login", "--get-login", registry.host]).stdout == "alice\n")
        }
    }

    @Test("a wrong password: exit 1, nothing stored")
    func wrongPassword() async throws {
        try await withSandbox { sandbox in
            _ = try await sandbox.startKeyring()
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": "pw-\(UUID().uuidString)"]))
            try await sandbox.regctl(["trust", "install", registry.host, "--ca-file", try sandbox.writeCAFile(), "--scope", "user"]).required()
            let before = sandbox.fileSnapshot()
            let login = try await sandbox.regctl(["login", registry.host, "-u", "alice", "--password-stdin"], stdin: "not-the-password\n")
            #expect(login.status == 1, "\(login)")
            #expect(sandbox.fileSnapshot() == before, "nothing may change")
            #expect(try await sandbox.keyringServers()[registry.host] == nil)
        }
    }

    @Test("regctl login HOST alone after an account login: the keyring's password is checked again and the wiring restored, as podman login does with existing credentials")
    func existingAccount() async throws {
        try await withSandbox { sandbox in
            _ = try await sandbox.startKeyring()
            let secret = "pw-\(UUID().uuidString)"
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": secret]))
            try await sandbox.regctl(["trust", "install", registry.host, "--ca-file", try sandbox.writeCAFile(), "--scope", "user"]).required()
            try await sandbox.regctl(["login", registry.host, "-u", "alice", "--password-stdin"], stdin: secret + "\n").required()
            let config = sandbox.home.appendingPathComponent(".docker/config.json")
            try FileManager.default.removeItem(at: config)

            let again = try await sandbox.regctl(["login", registry.host])
            #expect(again.status == 0, "\(again)")
            #expect(again.stdout.contains("Logged in to \(registry.host) as alice, verified by the registry"), "\(again.stdout)")
            #expect(try sandbox.entries("credHelpers", in: config) == [registry.host], "docker is wired again")
            let status = try await sandbox.regctl(["status", registry.host])
            #expect(status.status == 0, "\(status)")

            // The stored password no longer works: said so, with the form that works; nothing changed.
            let store = try await sandbox.run(["docker-credential-secretservice", "store"],
                                              stdin: #"{"ServerURL":"\#(registry.host)","Username":"alice","Secret":"not-the-password"}"#)
            try #require(store.succeeded, "\(store)")
            let before = sandbox.fileSnapshot()
            let rejected = try await sandbox.regctl(["login", registry.host])
            #expect(rejected.status == 1, "\(rejected)")
            #expect(rejected.stderr.contains("rejected the password of alice"), "\(rejected.stderr)")
            #expect(rejected.stderr.contains("echo PASSWORD | regctl login \(registry.host) -u alice --password-stdin"), "\(rejected.stderr)")
            #expect(sandbox.fileSnapshot() == before, "nothing may change")
        }
    }

    @Test("-p/--password: exit 2 with the reason and the form to use, the password in no output, nothing changed", arguments: ["-p", "--password"])
    func passwordInArguments(_ option: String) async throws {
        try await withSandbox { sandbox in
            let password = "pw-\(UUID().uuidString)"
            let before = sandbox.fileSnapshot()
            let login = try await sandbox.regctl(["login", "reg.example", "-u", "alice", option, password])
            #expect(login.status == 2, "\(login)")
            #expect(login.stderr.contains("every user of this machine can read it"), "\(login.stderr)")
            #expect(login.stderr.contains("echo PASSWORD | regctl login reg.example -u USER --password-stdin"), "\(login.stderr)")
            #expect(!login.stderr.contains(password) && !login.stdout.contains(password))
            #expect(sandbox.fileSnapshot() == before)
        }
    }

    @Test("no kubeconfig: the error names oc login and the registry account form")
    func noKubeconfig() async throws {
        try await withSandbox { sandbox in
            let login = try await sandbox.regctl(["login", "quay.example"])
            #expect(login.status == 2, "\(login)")
            #expect(login.stderr.contains("no kubeconfig found"), "\(login.stderr)")
            #expect(login.stderr.contains("oc login") && login.stderr.contains("regctl login quay.example -u USER --password-stdin"), "\(login.stderr)")
        }
    }
}
