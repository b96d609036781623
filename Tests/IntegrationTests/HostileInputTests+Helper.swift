import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// Hostile input to the credential helper: the kubeconfig a login is bound to turned
/// hostile, and requests larger than a credential can be. Each is answered — no signal, no
/// hang (the harness's 120 s child limit is the bound) — and nothing it should keep changes.
extension HostileInputTests {
    /// A kubeconfig that replaces the one a login is bound to, and the problem status names.
    enum BoundKubeconfig: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case nested = "nested 100,000 deep"
        case billionLaughs = "billion laughs"
        case manyContexts = "200,000 contexts"
        case huge = "9 MiB"
        case fifo = "a FIFO"

        var testDescription: String { rawValue }

        var says: String {
            switch self {
            case .nested: "is not valid: line 1, column 65: nested deeper than 64 levels"
            case .billionLaughs: "is not valid: line 6, column 45: the document expands to more than 1000000 values"
            case .manyContexts: "the kubeconfig has no context named developer/api-test:6443/developer"
            case .huge: "(it is larger than 8 MiB)"
            case .fifo: "(it is not a regular file)"
            }
        }

        func replace(_ kubeconfig: URL, in sandbox: Sandbox) throws {
            switch self {
            case .nested: try sandbox.write(String(repeating: "[", count: 100_000), to: kubeconfig)
            case .billionLaughs: try sandbox.write(HostileInputTests.billionLaughs, to: kubeconfig)
            case .manyContexts: try sandbox.write(HostileInputTests.manyContexts, to: kubeconfig)
            case .huge: try sandbox.write("# " + String(repeating: "x", count: 9 << 20) + "\n", to: kubeconfig)
            case .fifo:
                try FileManager.default.removeItem(at: kubeconfig)
                guard mkfifo(kubeconfig.path, 0o600) == 0 else { throw HarnessError("mkfifo \(kubeconfig.path) failed") }
            }
        }
    }

    @Test("the kubeconfig of a bound login turned hostile: get answers with the keyring's copy, status names the problem", arguments: BoundKubeconfig.allCases)
    func hostileBoundKubeconfig(_ variant: BoundKubeconfig) async throws {
        try await withSandbox { sandbox in
            let world = try await LoginTests.World.make(sandbox)
            let host = world.registry.host
            try #require(try await sandbox.regctl(["login", host]).succeeded)
            try variant.replace(sandbox.kubeconfig, in: sandbox)

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
