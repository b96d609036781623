import Foundation
import RegctlTestSupport
import Testing

@Suite("scratch")
struct ScratchTests {
    @Test("helper get profiles")
    func profile() async throws {
        try await withSandbox(auditsSecrets: false) { sandbox in
            _ = try await sandbox.startKeyring()
            let openShift = try await sandbox.startOpenShift()
            let registry = try await sandbox.startRegistry(.token(openShift))
            _ = try await sandbox.regctl(["trust", "install", registry.host, "--ca-file", try sandbox.writeCAFile(), "--scope", "user"])
            let token = "sha256~bench-\(UUID().uuidString)"
            openShift.grant(token: token, to: "kube:admin")
            try sandbox.writeKubeconfig(openShift: openShift, token: token)
            _ = try await sandbox.regctl(["login", registry.host])
            let unbound = try await sandbox.startRegistry(.token(openShift))
            _ = try await sandbox.regctl(["trust", "install", unbound.host, "--ca-file", try sandbox.writeCAFile(), "--scope", "user"])
            _ = try await sandbox.regctl(["login", unbound.host, "--token-stdin"], stdin: token)
            let helper = try Sandbox.credentialHelperPath
            for (name, program, host) in [("bound", helper, registry.host), ("keyring", helper, unbound.host), ("docker", "/usr/bin/docker-credential-secretservice", unbound.host)] {
                let stat = try await sandbox.run(["sh", "-c", "echo \(host) > /tmp/get-input; perf stat -r 40 -e task-clock,page-faults,context-switches sh -c '\(program) get < /tmp/get-input > /dev/null' 2>&1 | grep -E 'task-clock|faults|elapsed|switches'"])
                print("SCRATCH \(name)\n\(stat.stdout)")
            }
            _ = try await sandbox.run(["sh", "-c", "perf record -q -F 20000 -g -o /tmp/perf-bound.data -- sh -c 'for i in $(seq 100); do \(helper) get < /tmp/get-input-b > /dev/null; done'"], adding: [:])
            try "\(registry.host)".write(toFile: "/tmp/get-input-b", atomically: true, encoding: .utf8)
            _ = try await sandbox.run(["sh", "-c", "perf record -q -F 20000 -g -o /tmp/perf-bound.data -- sh -c 'for i in $(seq 100); do \(helper) get < /tmp/get-input-b > /dev/null; done'"])
        }
    }
}
