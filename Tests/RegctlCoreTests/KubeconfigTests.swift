import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

@Suite("kubeconfig")
struct KubeconfigTests {
    private func file(_ sandbox: Sandbox, _ name: String, context: String, user: String, token: String?, current: Bool = true, extra: String = "") throws -> String {
        let url = sandbox.root.appendingPathComponent("kube/\(name)")
        try sandbox.write("""
            apiVersion: v1
            clusters:
            - name: c-\(context)
              cluster: {server: "https://api.\(context).example:6443"}
            contexts:
            - name: \(context)
              context: {cluster: c-\(context), user: \(user)}
            \(current ? "current-context: \(context)" : "")
            users:
            - name: \(user)
              user: {\(token.map { "token: \($0)" } ?? "")}
            \(extra)
            """, to: url)
        return url.path
    }

    private func environment(_ sandbox: Sandbox, kubeconfig: String?) -> RegctlEnvironment {
        sandbox.setEnvironment("KUBECONFIG", kubeconfig)
        return sandbox.regctlEnvironment
    }

    @Test("KUBECONFIG list: missing files skipped, first current-context and first definition of a name win")
    func mergeRules() async throws {
        try await withSandbox { sandbox in
            let first = try file(sandbox, "a", context: "alpha", user: "shared", token: "token-a")
            let second = try file(sandbox, "b", context: "beta", user: "shared", token: "token-b")
            let missing = sandbox.root.appendingPathComponent("kube/missing").path
            let kubeconfig = try Kubeconfig.load(environment: environment(sandbox, kubeconfig: "\(missing):\(first):\(second)"))
            #expect(kubeconfig.files == [first, second])
            #expect(kubeconfig.currentContext == "alpha")
            #expect(try OpenShiftToken.resolve(kubeconfig, context: nil).token == "token-a")
            // beta's user has the same name, so the first file's definition wins.
            #expect(try OpenShiftToken.resolve(kubeconfig, context: "beta").token == "token-a")
            #expect(try OpenShiftToken.resolve(kubeconfig, context: "beta").cluster.server == "https://api.beta.example:6443")
        }
    }

    @Test("--kubeconfig alone wins over KUBECONFIG, and a missing explicit file is an error")
    func explicitFile() async throws {
        try await withSandbox { sandbox in
            let first = try file(sandbox, "a", context: "alpha", user: "u", token: "token-a")
            let second = try file(sandbox, "b", context: "beta", user: "v", token: "token-b")
            let kubeconfig = try Kubeconfig.load(environment: environment(sandbox, kubeconfig: first), explicitPath: second)
            #expect(try OpenShiftToken.resolve(kubeconfig, context: nil).token == "token-b")
            #expect(throws: KubeconfigError.unreadable("/nonexistent")) {
                try Kubeconfig.load(environment: sandbox.regctlEnvironment, explicitPath: "/nonexistent")
            }
        }
    }

    @Test("a relative tokenFile is read relative to its kubeconfig, trimmed")
    func tokenFile() async throws {
        try await withSandbox { sandbox in
            let path = try file(sandbox, "a", context: "alpha", user: "u", token: nil)
            try sandbox.write(String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "user: {}", with: "user: {tokenFile: secrets/token}"), to: URL(fileURLWithPath: path))
            try sandbox.write("sha256~from-file\n", to: sandbox.root.appendingPathComponent("kube/secrets/token"))
            let kubeconfig = try Kubeconfig.load(environment: environment(sandbox, kubeconfig: path))
            #expect(try OpenShiftToken.resolve(kubeconfig, context: nil).token == "sha256~from-file")
        }
    }

    @Test("users without a token are named for what they use", arguments: [
        ("{client-certificate-data: AAAA, client-key-data: AAAA}", "a client certificate"),
        ("{exec: {command: x}}", "an exec plugin"),
        ("{auth-provider: {name: oidc}}", "an auth provider"),
    ])
    func noToken(user: String, kind: String) async throws {
        try await withSandbox { sandbox in
            let path = try file(sandbox, "a", context: "alpha", user: "u", token: nil)
            try sandbox.write(String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "user: {}", with: "user: \(user)"), to: URL(fileURLWithPath: path))
            let kubeconfig = try Kubeconfig.load(environment: environment(sandbox, kubeconfig: path))
            #expect(throws: KubeconfigError.noToken(context: "alpha", user: "u", kind: kind)) {
                try OpenShiftToken.resolve(kubeconfig, context: nil)
            }
        }
    }

    @Test("no kubeconfig, no current context, malformed YAML: clear errors")
    func errors() async throws {
        try await withSandbox { sandbox in
            #expect(throws: KubeconfigError.noKubeconfig([sandbox.kubeconfig.path])) {
                try OpenShiftToken.resolve(Kubeconfig.load(environment: sandbox.regctlEnvironment), context: nil)
            }
            let path = try file(sandbox, "a", context: "alpha", user: "u", token: "t", current: false)
            #expect(throws: KubeconfigError.noCurrentContext) {
                try OpenShiftToken.resolve(Kubeconfig.load(environment: environment(sandbox, kubeconfig: path)), context: nil)
            }
            try sandbox.write("contexts: {not: a list}\n", to: URL(fileURLWithPath: path))
            #expect {
                try Kubeconfig.load(environment: environment(sandbox, kubeconfig: path))
            } throws: { error in
                guard case .malformed(let file, let detail)? = error as? KubeconfigError else { return false }
                return file == path && detail.contains("contexts")
            }
        }
    }
}
