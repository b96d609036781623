import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// A regctl running as root (as these tests do) reads and runs only what root alone controls:
/// another user's kubeconfig, tokenFile or exec plugin is refused before it is read or run
/// (exit 2). It writes only below directories root alone controls and never through a link
/// on the way (exit 1), nothing changed. `nobody` plays the other user; each case ends with
/// the same files made root's, which work.
@Suite("root safety")
struct RootSafetyTests {
    static let nobody: uid_t = 65534

    /// Makes `url` belong to `uid` (and the group of the same number).
    static func give(_ url: URL, to uid: uid_t) throws {
        guard lchown(url.path, uid, gid_t(uid)) == 0 else { throw HarnessError("cannot chown \(url.path): \(String(cString: strerror(errno)))") }
    }

    static func mode(_ url: URL, _ mode: mode_t) throws {
        guard chmod(url.path, mode) == 0 else { throw HarnessError("cannot chmod \(url.path): \(String(cString: strerror(errno)))") }
    }

    @Test("another user's kubeconfig: login and trust install --from-cluster refuse it before any request, exit 2; root's own works")
    func othersKubeconfig() async throws {
        try await withSandbox { sandbox in
            let cluster = try await SetupTests.Cluster.make(sandbox)
            let host = cluster.registry.host
            let directory = sandbox.root.appendingPathComponent("user")
            let file = directory.appendingPathComponent("config")
            try sandbox.writeKubeconfig(openShift: cluster.openShift, token: cluster.token, file: file)
            sandbox.allowSecret(in: file)
            let commands = [["login", host, "--kubeconfig", file.path], ["trust", "install", host, "--from-cluster", "--kubeconfig", file.path, "--scope", "user"]]
            let before = sandbox.fileSnapshot()
            let requests = cluster.openShift.requestedPaths.count

            func expectRefused(_ why: String) async throws {
                for arguments in commands {
                    let refused = try await sandbox.regctl(arguments)
                    #expect(refused.status == 2, "\(refused)")
                    #expect(refused.stderr.contains("Error: regctl is running as root and does not read the kubeconfig \(file.path): \(why), so root would act on what another user controls\n"), "\(refused.stderr)")
                    #expect(refused.stderr.contains("Run regctl as the user whose kubeconfig this is; `regctl setup` hands root only a checked CA file."))
                }
                #expect(cluster.openShift.requestedPaths.count == requests, "nothing was asked of the API: \(cluster.openShift.requestedPaths)")
                #expect(sandbox.fileSnapshot() == before)
            }
            try Self.give(file, to: Self.nobody)
            try await expectRefused("it belongs to uid 65534 (nobody)")
            // Root's own file in another user's directory: that user could swap it.
            try Self.give(file, to: 0)
            try Self.give(directory, to: Self.nobody)
            try await expectRefused("\(directory.path) belongs to uid 65534 (nobody)")
            try Self.give(directory, to: 0)
            try Self.mode(file, 0o664)
            try await expectRefused("it is writable by its group (gid 0)")

            try Self.mode(file, 0o600)
            let install = try await sandbox.regctl(commands[1])
            #expect(install.status == 0, "\(install)")
            let login = try await sandbox.regctl(commands[0])
            #expect(login.status == 0, "\(login)")
            #expect(cluster.openShift.requestedPaths.count > requests)
        }
    }

    @Test("root's kubeconfig naming another user's tokenFile: refused, exit 2, the token never reaches the API; root's own works")
    func othersTokenFile() async throws {
        try await withSandbox { sandbox in
            let world = try await LoginTests.World.make(sandbox)
            let tokenFile = sandbox.root.appendingPathComponent("user/token")
            try sandbox.write(world.token + "\n", to: tokenFile)
            sandbox.allowSecret(in: tokenFile)
            try sandbox.writeKubeconfig(openShift: world.openShift, user: "tokenFile: \(tokenFile.path)")
            try Self.give(tokenFile, to: Self.nobody)
            let before = sandbox.fileSnapshot()
            let requests = world.openShift.requestedPaths.count

            let refused = try await sandbox.regctl(["login", world.registry.host])
            #expect(refused.status == 2, "\(refused)")
            #expect(refused.stderr.contains("regctl is running as root and does not read the tokenFile \(tokenFile.path): it belongs to uid 65534 (nobody)"), "\(refused.stderr)")
            #expect(world.openShift.requestedPaths.count == requests, "\(world.openShift.requestedPaths)")
            #expect(try await world.keyringSecret() == nil)
            #expect(sandbox.fileSnapshot() == before)

            try Self.give(tokenFile, to: 0)
            let login = try await sandbox.regctl(["login", world.registry.host])
            #expect(login.status == 0, "\(login)")
            #expect(try await world.keyringSecret() == world.token)
        }
    }

    @Test("root's kubeconfig naming another user's certificate-authority file: refused, exit 2, nothing sent; root's own works")
    func othersCAFile() async throws {
        try await withSandbox { sandbox in
            let world = try await LoginTests.World.make(sandbox)
            let caFile = URL(fileURLWithPath: try sandbox.writeCAFile(name: "cluster-ca.pem"))
            let text = try String(contentsOf: sandbox.kubeconfig, encoding: .utf8)
            let named = text.split(separator: "\n").map { $0.contains("certificate-authority-data:") ? "    certificate-authority: \(caFile.path)" : String($0) }
            try sandbox.write(named.joined(separator: "\n") + "\n", to: sandbox.kubeconfig)
            try Self.give(caFile, to: Self.nobody)
            let before = sandbox.fileSnapshot()
            let requests = world.openShift.requestedPaths.count

            let refused = try await sandbox.regctl(["login", world.registry.host])
            #expect(refused.status == 2, "\(refused)")
            #expect(refused.stderr.contains("regctl is running as root and does not read the CA file \(caFile.path): it belongs to uid 65534 (nobody)"), "\(refused.stderr)")
            #expect(world.openShift.requestedPaths.count == requests)
            #expect(sandbox.fileSnapshot() == before)

            try Self.give(caFile, to: 0)
            let login = try await sandbox.regctl(["login", world.registry.host])
            #expect(login.status == 0, "\(login)")
        }
    }

    @Test("root's kubeconfig whose exec plugin another user controls: not run, exit 2; root's own plugin runs")
    func othersExecPlugin() async throws {
        try await withSandbox { sandbox in
            let world = try await LoginTests.World.make(sandbox)
            let directory = sandbox.root.appendingPathComponent("plugin")
            let plugin = directory.appendingPathComponent("get-token")
            let marker = sandbox.root.appendingPathComponent("plugin-ran")
            try await sandbox.writeExecutable("""
                #!/bin/sh
                : > '\(marker.path)'
                printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}\\n' '\(world.token)'

                """, to: plugin)
            sandbox.allowSecret(in: plugin)
            try sandbox.writeKubeconfig(openShift: world.openShift, user: """
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: \(plugin.path)
                  interactiveMode: Never
                """)
            let before = sandbox.fileSnapshot()
            let requests = world.openShift.requestedPaths.count

            func expectRefused(_ why: String) async throws {
                let refused = try await sandbox.regctl(["login", world.registry.host])
                #expect(refused.status == 2, "\(refused)")
                #expect(refused.stderr.contains("regctl is running as root and does not run the exec plugin \(plugin.path): \(why)"), "\(refused.stderr)")
                #expect(!FileManager.default.fileExists(atPath: marker.path), "the plugin did not run")
                #expect(world.openShift.requestedPaths.count == requests)
                #expect(sandbox.fileSnapshot() == before)
            }
            try Self.give(plugin, to: Self.nobody)
            try await expectRefused("it belongs to uid 65534 (nobody)")
            try Self.give(plugin, to: 0)
            try Self.give(directory, to: Self.nobody)
            try await expectRefused("\(directory.path) belongs to uid 65534 (nobody)")

            try Self.give(directory, to: 0)
            let login = try await sandbox.regctl(["login", world.registry.host])
            #expect(login.status == 0, "\(login)")
            #expect(FileManager.default.fileExists(atPath: marker.path))
        }
    }

    @Test("trust install as root below another user's directory or a link (HOME, REGCTL_SYSROOT): exit 1, nothing written anywhere; root's own works")
    func trustWritesOnlyRootsTrees() async throws {
        try await withSandbox { sandbox in
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": "pw-\(UUID())"]))
            let host = registry.host
            let ca = try sandbox.writeCAFile()
            let elsewhere = sandbox.root.appendingPathComponent("elsewhere")
            try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)

            func expectRefused(_ scope: String, below component: URL, _ why: String) async throws {
                let before = sandbox.fileSnapshot()
                let refused = try await sandbox.regctl(["trust", "install", host, "--ca-file", ca, "--scope", scope])
                #expect(refused.status == 1, "\(refused)")
                #expect(refused.stderr.contains("/certs.d/\(host)/ca.crt: regctl is running as root and does not write below \(component.path), which \(why)"), "\(refused.stderr)")
                #expect(sandbox.fileSnapshot() == before)
                #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty, "nothing behind the link")
            }
            try Self.give(sandbox.home, to: Self.nobody)
            try await expectRefused("user", below: sandbox.home, "belongs to uid 65534 (nobody)")
            try Self.give(sandbox.home, to: 0)
            try FileManager.default.removeItem(at: sandbox.configHome)
            try FileManager.default.createSymbolicLink(at: sandbox.configHome, withDestinationURL: elsewhere)
            try await expectRefused("user", below: sandbox.configHome, "is a symbolic link: root writes only through real directories that it alone controls")
            try FileManager.default.removeItem(at: sandbox.configHome)
            try FileManager.default.createDirectory(at: sandbox.configHome, withIntermediateDirectories: true)

            let etc = sandbox.sysroot.appendingPathComponent("etc")
            try FileManager.default.createDirectory(at: etc, withIntermediateDirectories: true)
            try Self.give(etc, to: Self.nobody)
            try await expectRefused("system", below: etc, "belongs to uid 65534 (nobody)")
            try Self.give(etc, to: 0)
            try Self.mode(etc, 0o777)
            try await expectRefused("system", below: etc, "is writable by every user")
            try Self.mode(etc, 0o755)
            let link = sandbox.root.appendingPathComponent("sysroot-link")
            try FileManager.default.createSymbolicLink(at: link, withDestinationURL: elsewhere)
            sandbox.setEnvironment("REGCTL_SYSROOT", link.path)
            try await expectRefused("system", below: link, "is a symbolic link")

            // Root's own trees work, a sticky shared directory on the way (as /tmp) included.
            sandbox.setEnvironment("REGCTL_SYSROOT", sandbox.sysroot.path)
            try Self.mode(etc, 0o1777)
            let install = try await sandbox.regctl(["trust", "install", host, "--ca-file", ca, "--scope", "all"])
            #expect(install.status == 0, "\(install)")
            for file in ["etc/containers/certs.d", "etc/docker/certs.d"].map({ sandbox.sysroot.appendingPathComponent("\($0)/\(host)/ca.crt") })
                + [sandbox.configHome.appendingPathComponent("containers/certs.d/\(host)/ca.crt")] {
                #expect(FileManager.default.fileExists(atPath: file.path), "\(file.path)")
            }
        }
    }

    @Test("login as root with an auth file below another user's directory, even through a link: exit 1, keyring and files unchanged; root's own target stays a link")
    func loginWritesOnlyRootsTrees() async throws {
        try await withSandbox { sandbox in
            let world = try await LoginTests.World.make(sandbox)
            let host = world.registry.host
            let theirs = sandbox.root.appendingPathComponent("theirs")
            let target = theirs.appendingPathComponent("auth.json")
            try sandbox.write(#"{"auths": {"keep.example": {"auth": "a2VlcDptZQ=="}}}"#, to: target)
            try FileManager.default.createDirectory(at: sandbox.containersAuthFile.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(at: sandbox.containersAuthFile, withDestinationURL: target)

            func expectRefused(_ file: URL, below component: URL) async throws {
                let before = sandbox.fileSnapshot()
                let theirsBefore = try Data(contentsOf: target)
                let refused = try await sandbox.regctl(["login", host])
                #expect(refused.status == 1, "\(refused)")
                #expect(refused.stderr.contains("cannot update \(file.path): regctl is running as root and does not write below \(component.path), which belongs to uid 65534 (nobody)"), "\(refused.stderr)")
                #expect(sandbox.fileSnapshot() == before)
                #expect(try Data(contentsOf: target) == theirsBefore)
                #expect(try FileManager.default.contentsOfDirectory(atPath: theirs.path) == ["auth.json"], "no lock or temp file behind the link")
                #expect(try await world.keyringSecret() == nil)
            }
            try Self.give(theirs, to: Self.nobody)
            try await expectRefused(target, below: theirs)
            try Self.give(theirs, to: 0)
            try Self.give(sandbox.dockerConfig, to: Self.nobody)
            try await expectRefused(sandbox.dockerConfigFile, below: sandbox.dockerConfig)

            try Self.give(sandbox.dockerConfig, to: 0)
            let login = try await sandbox.regctl(["login", host])
            #expect(login.status == 0, "\(login)")
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: sandbox.containersAuthFile.path) == target.path, "the link stays")
            #expect(try sandbox.entries("credHelpers", in: target) == [host])
            #expect(try sandbox.entries("auths", in: target) == ["keep.example"])
        }
    }
}
