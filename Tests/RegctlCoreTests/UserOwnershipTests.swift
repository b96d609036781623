import Foundation
@testable import RegctlCore
import RegctlTestSupport
import Testing

/// The rule for files regctl reads or runs for a user (OpenSSH's StrictModes, as Debian
/// patches it), on real files; regctl acting for this process's own user, not as root.
@Suite("files of the user alone")
struct UserOwnershipTests {
    static func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ownership-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        return directory
    }

    @Test("the file and every directory above it: owner, write by others, the sticky bit, a user-private group")
    func rule() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("config")
        try Data("x".utf8).write(to: file)
        let user = UserOwnership.current
        func reason(_ path: URL = file) -> String? {
            do { _ = try user.resolve(path.path, kind: .kubeconfig); return nil } catch { return error.message }
        }
        try #require(chmod(file.path, 0o600) == 0)
        #expect(reason() == nil)
        #expect(reason(directory.appendingPathComponent("absent")) == nil, "no such file: nothing to read")
        try #require(chmod(file.path, 0o666) == 0)
        #expect(reason() == "the kubeconfig \(file.path) is writable by every user; regctl reads only files that no other user can change")
        try #require(chmod(file.path, 0o600) == 0)
        try #require(chmod(directory.path, 0o777) == 0)
        #expect(reason() == "the kubeconfig \(file.path) is not yours alone: \(directory.path) is writable by every user; regctl reads only files that no other user can change")
        try #require(chmod(directory.path, 0o1777) == 0)
        #expect(reason() == nil, "a sticky directory, as /tmp")
        try #require(chown(file.path, 4242, 4242) == 0)
        #expect(reason()?.hasPrefix("the kubeconfig \(file.path) belongs to uid 4242") == true)
    }

    @Test("a group-writable file passes when its group is the user's alone, not when the group is unknown")
    func privateGroup() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("config")
        try Data("x".utf8).write(to: file)
        let user = UserOwnership.current
        try #require(chmod(file.path, 0o664) == 0)
        let privateGroup = try #require(user.account()?.group)
        try #require(chown(file.path, user.uid, privateGroup) == 0)
        #expect(user.isAlone(inGroup: privateGroup), "the process's user is alone in its primary group here")
        #expect(throws: Never.self) { try user.resolve(file.path, kind: .kubeconfig) }
        try #require(chown(file.path, user.uid, 4242) == 0)
        #expect(throws: UserOwnership.Refusal.self) { try user.resolve(file.path, kind: .kubeconfig) }
    }

    @Test("a bound login whose exec plugin every user may write: the helper does not run it, names it, and the keyring's copy serves")
    func boundPluginOthersCanWrite() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let plugin = directory.appendingPathComponent("plugin")
        let mark = directory.appendingPathComponent("ran")
        try """
            #!/bin/sh
            touch '\(mark.path)'
            echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"sha256~from-the-plugin"}}'
            """.write(to: plugin, atomically: true, encoding: .utf8)
        try #require(chmod(plugin.path, 0o777) == 0)
        let kubeconfig = directory.appendingPathComponent("kubeconfig")
        try """
            clusters: [{name: c, cluster: {server: "https://api.example:6443"}}]
            users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: \(plugin.path), interactiveMode: Never}}}]
            contexts: [{name: dev, context: {cluster: c, user: u}}]
            """.write(to: kubeconfig, atomically: true, encoding: .utf8)
        let environment = RegctlEnvironment(variables: ["HOME": directory.path, "PATH": "/usr/bin:/bin"], isRoot: false, isInteractive: false)
        let binding = KubeconfigBinding(context: "dev", cluster: "https://api.example:6443", files: [kubeconfig.path])

        let served = try CredentialResolver(environment: environment, keyring: MemoryCredentialStore())
            .served(for: "reg.example", entry: .init(store: .secretService, username: "dev", binding: binding))
        guard case .keyring = served.source else { Issue.record("the plugin's token served: \(served.source)"); return }
        #expect(served.problem?.message == "the exec plugin \(plugin.path) is writable by every user; regctl runs only files that no other user can change")
        #expect(!FileManager.default.fileExists(atPath: mark.path))
    }
}
