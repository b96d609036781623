import Foundation
import RegctlCore
import RegctlTestSupport

/// `make bench`: regctl against the tool a user would use instead, side by side in one
/// run, on the sandbox's real registry, stand-in and keyring. Prints medians and ratios.
@main
struct Bench {
    static let rounds = Int(ProcessInfo.processInfo.environment["BENCH_ROUNDS"] ?? "") ?? 15

    static func main() async {
        do {
            try await withSandbox(auditsSecrets: false) { sandbox in try await run(in: sandbox) }
        } catch {
            print("bench failed: \(error)")
            exit(1)
        }
    }

    static func run(in sandbox: Sandbox) async throws {
        _ = try await sandbox.startKeyring()
        let openShift = try await sandbox.startOpenShift()
        let registry = try await sandbox.startRegistry(.token(openShift))
        try await sandbox.regctl(["trust", "install", registry.host, "--ca-file", try sandbox.writeCAFile(), "--scope", "user"]).required()
        let token = "sha256~bench-\(UUID().uuidString)"
        openShift.grant(token: token, to: "kube:admin")
        try sandbox.writeKubeconfig(openShift: openShift, token: token)
        let podmanAuth = sandbox.root.appendingPathComponent("podman-auth.json").path

        print("regctl bench: \(rounds) rounds each, alternating, medians; binaries from \(Sandbox.productsDirectory.path)\n")
        print("| what | regctl | instead | ratio (target) |")
        print("| --- | --- | --- | --- |")
        try await compare(
            "login (kubeconfig token, verify, keyring, 2 files) vs `podman login --password-stdin`", target: "≤ 1.0×",
            { try await sandbox.regctl(["login", registry.host]) },
            { try await sandbox.podman(["login", "--authfile", podmanAuth, "-u", "kubeadmin", "--password-stdin", registry.host], stdin: token) }
        )
        let image = try await sandbox.makeTestImage()
        let reference = "\(registry.host)/developer/bench:1"
        try await sandbox.regctl(["login", registry.host]).required()
        try await sandbox.run(["skopeo", "copy", image.reference, "docker://\(reference)"]).required()
        try await compare(
            "`regctl pull` vs `podman pull` of the same small image", target: "≤ 1.05×",
            { try await sandbox.regctl(["pull", reference, "--", "--quiet"]) },
            { try await sandbox.podman(["pull", "--quiet", reference]) },
            untimed: { try await sandbox.podman(["rmi", "--force", reference]).required() }
        )
        try await sandbox.podman(["pull", "--quiet", reference]).required()
        try await compare(
            "`regctl push` (pre-flight with the cluster's access reviews) vs `podman push` of the same image", target: "reported",
            { try await sandbox.regctl(["push", reference, "--", "--quiet"]) },
            { try await sandbox.podman(["push", "--quiet", reference]) }
        )
        try await compare(
            "helper `get` of a login bound to a kubeconfig context vs `docker-credential-secretservice get`", target: "≤ 0.5×",
            { try await sandbox.credentialHelper(["get"], stdin: registry.host) },
            { try await sandbox.run(["docker-credential-secretservice", "get"], stdin: registry.host) }
        )
        let unbound = try await sandbox.startRegistry(.token(openShift))
        try await sandbox.regctl(["trust", "install", unbound.host, "--ca-file", try sandbox.writeCAFile(), "--scope", "user"]).required()
        try await sandbox.regctl(["login", unbound.host, "--token-stdin"], stdin: token).required()
        try await compare(
            "helper `get` of a keyring-only login (`--token-stdin`) vs `docker-credential-secretservice get`", target: "≤ 1.0×",
            { try await sandbox.credentialHelper(["get"], stdin: unbound.host) },
            { try await sandbox.run(["docker-credential-secretservice", "get"], stdin: unbound.host) }
        )
        let hosts = try await loggedInRegistries(18, in: sandbox, openShift: openShift) + [registry.host, unbound.host]
        try await compare(
            "`regctl status` over \(hosts.count) registries vs over 1 (all online checks)", target: "≤ 2×",
            { try await sandbox.regctl(["status"]) },
            { try await sandbox.regctl(["status", registry.host]) }
        )
        try await timeAlone(
            "HOST completion (`trust show reg<TAB>`) with 200 registries configured", target: "< 20 ms",
            prepare: {
                let registries = (1...200).map { #""registry\#($0).example:5000": {"store": "secret-service", "username": "u"}"# }
                try sandbox.write(#"{"registries": {\#(registries.joined(separator: ", "))}}"#,
                                  to: sandbox.configHome.appendingPathComponent("regctl/config.json"))
            },
            { try await sandbox.regctl(["---completion", "trust", "show", "--", "positional@0", "3", "3", "regctl", "trust", "show", "reg"]) }
        )
        try await compare(
            "`regctl --version` vs `podman --version`", target: "≤ 4 ms",
            { try await sandbox.regctl(["--version"]) },
            { try await sandbox.run(["podman", "--version"]) }
        )
        try await compare(
            "`docker-credential-regctl version` vs `docker-credential-secretservice version`", target: "≤ 4 ms",
            { try await sandbox.credentialHelper(["version"]) },
            { try await sandbox.run(["docker-credential-secretservice", "version"]) }
        )
        let executable = Sandbox.productsDirectory.appendingPathComponent("regctl").path
        let stripped = sandbox.root.appendingPathComponent("regctl-stripped").path
        try await sandbox.run(["strip", "-o", stripped, executable]).required()
        let size = try FileManager.default.attributesOfItem(atPath: stripped)[.size] as? Int ?? 0
        print("| installed size: `regctl`, stripped as `make install` installs it, and a link | \(String(format: "%.1f MB", Double(size) / 1_000_000)) | — | — (≤ 60 MB) |")
    }

    /// Starts `count` more token-auth registries, each trusted and logged in to from the kubeconfig
    /// (with --yes: the cluster names one registry).
    static func loggedInRegistries(_ count: Int, in sandbox: Sandbox, openShift: OpenShiftStandIn) async throws -> [String] {
        var hosts: [String] = []
        for _ in 0..<count {
            let registry = try await sandbox.startRegistry(.token(openShift))
            try await sandbox.regctl(["trust", "install", registry.host, "--ca-file", try sandbox.writeCAFile(), "--scope", "user"]).required()
            try await sandbox.regctl(["login", registry.host, "--yes"]).required()
            hosts.append(registry.host)
        }
        return hosts
    }

    /// Times `ours` and `theirs` alternately; `untimed` runs before each timed run.
    static func compare(
        _ what: String, target: String,
        _ ours: () async throws -> CommandResult,
        _ theirs: () async throws -> CommandResult,
        untimed: () async throws -> Void = {}
    ) async throws {
        var mine: [Duration] = []
        var other: [Duration] = []
        for _ in 0..<rounds {
            try await untimed()
            mine.append(try await time(ours))
            try await untimed()
            other.append(try await time(theirs))
        }
        let (a, b) = (median(mine), median(other))
        print("| \(what) | \(milliseconds(a)) | \(milliseconds(b)) | \(String(format: "%.2f×", a / b)) (\(target)) |")
    }

    /// Times `body` alone, for a target with no tool to compare against.
    static func timeAlone(
        _ what: String, target: String,
        prepare: () throws -> Void,
        _ body: () async throws -> CommandResult
    ) async throws {
        try prepare()
        var runs: [Duration] = []
        for _ in 0..<rounds { runs.append(try await time(body)) }
        print("| \(what) | \(milliseconds(median(runs))) | — | — (\(target)) |")
    }

    static func time(_ body: () async throws -> CommandResult) async throws -> Duration {
        try await body().required().elapsed
    }

    static func median(_ values: [Duration]) -> Duration { values.sorted()[values.count / 2] }

    static func milliseconds(_ duration: Duration) -> String {
        String(format: "%.1f ms", Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15)
    }
}

extension CommandResult {
    @discardableResult
    func required() throws -> CommandResult {
        guard succeeded else { throw HarnessError("\(self)") }
        return self
    }
}
