import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// The cluster's name for its user (`users/~`) is text from a server: a name with control
/// characters is never stored as a registry user name, and is shown escaped.
@Suite("untrusted user names")
struct UntrustedNameTests {
    static let hostile = "evil\u{1B}[2J\nRun: rm -rf ~"
    static let shown = #"evil\u{1B}[2J\u{A}Run: rm -rf ~"#
    /// As a registry user name: colons removed (`kube:admin` → `kubeadmin`).
    static let shownAsRegistryUser = #"evil\u{1B}[2J\u{A}Run rm -rf ~"#

    @Test("login: a cluster user name with ESC and a newline is refused (exit 1), escaped in the error; nothing stored, no file changed")
    func loginRefuses() async throws {
        try await withSandbox { sandbox in
            let world = try await LoginTests.World.make(sandbox, user: Self.hostile)
            let before = sandbox.fileSnapshot()
            let login = try await sandbox.regctl(["login", world.registry.host])
            #expect(login.status == 1, "\(login)")
            #expect(login.stderr.contains("names your user \(Self.shownAsRegistryUser), with control characters"), "\(login.stderr)")
            #expect(!login.stdout.contains("\u{1B}") && !login.stderr.contains("\u{1B}"), "no raw ESC on the terminal")
            #expect(!login.stderr.split(separator: "\n").contains { $0.hasPrefix("Run:") }, "no line of the server's making")
            #expect(sandbox.fileSnapshot() == before, "nothing written")
            #expect(try await world.keyringSecret() == nil, "nothing in the keyring")
        }
    }

    @Test("can-i: the user the cluster names is shown escaped, on its one line")
    func canIEscapes() async throws {
        try await withSandbox { sandbox in
            let world = try await LoginTests.World.make(sandbox, user: "developer")
            try await sandbox.regctl(["login", world.registry.host]).required()
            let renamed = "sha256~\(UUID().uuidString)"
            world.openShift.grant(token: renamed, to: Self.hostile)
            try sandbox.writeKubeconfig(openShift: world.openShift, token: renamed)
            let answer = try await sandbox.regctl(["can-i", "pull", "\(world.registry.host)/developer/app:1"])
            #expect(answer.status == 0, "\(answer)")
            #expect(answer.stdout == "yes: \(Self.shown) may pull from developer/app\n", "\(answer.stdout)")
        }
    }
}
