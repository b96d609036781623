import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// A login bound to a kubeconfig context follows exactly that context: in the files it was
/// read from (absolute), while it names the cluster it named at login.
@Suite("login bindings")
struct BindingTests {
    @Test("a relative --kubeconfig is bound by its absolute path: get from another directory, whose kubeconfig has the same name and context, runs nothing of it and serves the bound token")
    func relativeKubeconfig() async throws {
        try await withSandbox { sandbox in
            let world = try await LoginTests.World.make(sandbox, user: "developer")
            let host = world.registry.host
            let bound = sandbox.root.appendingPathComponent("project-a")
            let hostile = sandbox.root.appendingPathComponent("project-b")
            let boundFile = try sandbox.writeKubeconfig(openShift: world.openShift, token: world.token, file: bound.appendingPathComponent("kc"))
            sandbox.allowSecret(in: boundFile)
            // The same file name and context, whose user runs a program that leaves a mark.
            let mark = hostile.appendingPathComponent("plugin-ran")
            let plugin = hostile.appendingPathComponent("plugin")
            try sandbox.write("#!/bin/sh\ntouch \(mark.path)\nexit 1\n", to: plugin)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: plugin.path)
            try sandbox.writeKubeconfig(openShift: world.openShift, user: """
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: ./plugin
                  interactiveMode: Never
                """, file: hostile.appendingPathComponent("kc"))

            let login = try await sandbox.run(["sh", "-c", #"cd "$1" && exec "$2" login "$3" --kubeconfig kc"#, "sh", bound.path, regctl, host])
            try #require(login.succeeded, "\(login)")
            let entry = try RegctlConfigFile(environment: sandbox.regctlEnvironment).load().registries[host]
            #expect(entry?.binding?.files == [bound.appendingPathComponent("kc").path], "\(String(describing: entry))")

            let get = try await sandbox.run(["sh", "-c", #"cd "$1" && exec "$2" get"#, "sh", hostile.path, try Sandbox.credentialHelperPath], stdin: host)
            #expect(get.status == 0, "\(get)")
            #expect(try JSONValue(parsing: get.stdout)["Secret"]?.stringValue == world.token)
            #expect(!FileManager.default.fileExists(atPath: mark.path), "the other directory's plugin must not run")
        }
    }

    @Test("a context that now names another cluster gives its token to nobody: get serves the stored copy and status says why")
    func otherCluster() async throws {
        try await withSandbox { sandbox in
            let world = try await LoginTests.World.make(sandbox, user: "developer")
            let host = world.registry.host
            try #require(try await sandbox.regctl(["login", host]).succeeded)
            // The same context name, now for another cluster (a server that is not the stand-in).
            let other = "sha256~\(UUID().uuidString)"
            sandbox.auditSecret(other)
            let kubeconfig = try String(contentsOf: sandbox.kubeconfig, encoding: .utf8)
                .replacing(world.openShift.apiServer, with: "https://api.elsewhere.test:6443")
                .replacing(world.token, with: other)
            try sandbox.write(kubeconfig, to: sandbox.kubeconfig)

            let get = try await sandbox.credentialHelper(["get"], stdin: host)
            #expect(get.status == 0, "\(get)")
            #expect(try JSONValue(parsing: get.stdout)["Secret"]?.stringValue == world.token, "the keyring's copy, not the other cluster's token")
            let status = try await sandbox.regctl(["status", host, "--offline"])
            #expect(status.stdout.contains("now points at https://api.elsewhere.test:6443, not at \(world.openShift.apiServer)"), "\(status.stdout)")
        }
    }

    private var regctl: String { Sandbox.productsDirectory.appendingPathComponent("regctl").path }
}
