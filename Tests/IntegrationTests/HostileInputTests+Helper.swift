import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// Hostile input to the credential helper: the kubeconfig a login is bound to turned
/// hostile, and requests larger than a credential can be. Each is answered — no signal, no
/// hang (the harness's 120 s child limit is the bound) — and nothing it should keep changes.
extension HostileInputTests {
    /// A kubeconfig that replaces the one a login is bound to, and the problem status names.
    struct BoundKubeconfig: CustomTestStringConvertible, Sendable {
        let name: String
        let says: String
        var testDescription: String { name }
    }

    static let boundKubeconfigs = [
        BoundKubeconfig(name: "nested 100,000 deep", says: "is not valid: line 1, column 65: nested deeper than 64 levels"),
        BoundKubeconfig(name: "billion laughs", says: "is not valid: line 6, column 45: the document expands to more than 1000000 values"),
        BoundKubeconfig(name: "200,000 contexts", says: "the kubeconfig has no context named developer/api-test:6443/developer"),
        BoundKubeconfig(name: "9 MiB", says: "(it is larger than 8 MiB)"),
        BoundKubeconfig(name: "a FIFO", says: "(it is not a regular file)"),
    ]

    @Test("the kubeconfig of a bound login turned hostile: get answers with the keyring's copy, status names the problem", arguments: boundKubeconfigs)
    func hostileBoundKubeconfig(_ variant: BoundKubeconfig) async throws {
        try await withSandbox { sandbox in
            let world = try await LoginTests.World.make(sandbox)
            let host = world.registry.host
            try #require(try await sandbox.regctl(["login", host]).succeeded)
            let path = sandbox.kubeconfig.path
            switch variant.name {
            case "nested 100,000 deep": try sandbox.write(String(repeating: "[", count: 100_000), to: sandbox.kubeconfig)
            case "billion laughs": try sandbox.write(Self.billionLaughs, to: sandbox.kubeconfig)
            case "200,000 contexts": try sandbox.write(Self.manyContexts, to: sandbox.kubeconfig)
            case "9 MiB": try sandbox.write("# " + String(repeating: "x", count: 9 << 20) + "\n", to: sandbox.kubeconfig)
            default:
                try FileManager.default.removeItem(atPath: path)
                try #require(mkfifo(path, 0o600) == 0)
            }

            let get = try await sandbox.credentialHelper(["get"], stdin: host)
            #expect(get.status == 0, "\(get)")
            #expect(try JSONValue(parsing: get.stdout)["Secret"]?.stringValue == world.token, "the keyring's copy")
            let status = try await sandbox.regctl(["status", host, "--offline"])
            #expect(status.status == 0, "\(status)")
            #expect(status.stdout.contains("the login follows kubeconfig context developer/api-test:6443/developer, which gives no token any more ("), "\(status)")
            #expect(status.stdout.contains(variant.says), "\(status)")
        }
    }

    @Test("store and erase with 1 MiB on stdin are refused with exit code 1 and the message on stdout; the keyring is unchanged",
          arguments: ["store", "erase"])
    func oversizedHelperRequest(_ action: String) async throws {
        try await withSandbox { sandbox in
            _ = try await sandbox.startKeyring()
            let kept = #"{"ServerURL":"reg.example","Username":"u","Secret":"s"}"#
            try #require(try await sandbox.run(["docker-credential-secretservice", "store"], stdin: kept).succeeded)
            let before = try await sandbox.run(["docker-credential-secretservice", "list"])
            let padding = String(repeating: " ", count: 1 << 20)
            let request = action == "store" ? #"{"ServerURL":"other.example","Username":"u","Secret":"t"}"# + padding : "reg.example\n" + padding

            let refused = try await sandbox.credentialHelper([action], stdin: request)
            #expect(refused.status == 1, "\(refused)")
            #expect(refused.stdout == "standard input holds more than 64 KiB; a token or password is a few KiB — pipe in only the secret\n")
            #expect(try await sandbox.run(["docker-credential-secretservice", "list"]).stdout == before.stdout)
            let get = try await sandbox.run(["docker-credential-secretservice", "get"], stdin: "reg.example")
            #expect(try JSONValue(parsing: get.stdout)["Secret"]?.stringValue == "s", "\(get)")
        }
    }
}
