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

    /// What a row must reach; the printed verdict is computed from it.
    enum Goal: CustomStringConvertible {
        /// regctl's median over the other's, at most.
        case ratio(Double)
        /// regctl's median, at most, in milliseconds, with the other shown for scale.
        case milliseconds(Double)
        case reported

        var description: String {
            switch self {
            case .ratio(let most): "≤ \(most)×"
            case .milliseconds(let most): String(format: "≤ %.0f ms", most)
            case .reported: "reported"
            }
        }

        /// `met`, `**missed**`, or nothing for a reported row.
        func verdict(ours: Duration, theirs: Duration?) -> String {
            let met: Bool
            switch self {
            case .ratio(let most): met = theirs.map { ours / $0 <= most } ?? false
            case .milliseconds(let most): met = Bench.milliseconds(of: ours) <= most
            case .reported: return "\(self)"
            }
            return "\(self) — " + (met ? "met" : "**missed**")
        }
    }

    static func run(in sandbox: Sandbox) async throws {
        _ = try await sandbox.startKeyring()
        let openShift = try await sandbox.startOpenShift()
        let registry = try await sandbox.startRegistry(.token(openShift))
        let ca = try sandbox.writeCAFile()
        try await sandbox.regctl(["trust", "install", registry.host, "--ca-file", ca, "--scope", "user"]).required()
        let token = "sha256~bench-\(UUID().uuidString)"
        openShift.grant(token: token, to: "kube:admin")
        try sandbox.writeKubeconfig(openShift: openShift, token: token)
        let podmanAuth = sandbox.root.appendingPathComponent("podman-auth.json").path

        print("regctl bench: \(rounds) rounds each, alternating, medians; binaries from \(Sandbox.productsDirectory.path)\n")
        print("| what | regctl | instead | ratio | goal |")
        print("| --- | --- | --- | --- | --- |")
        try await compare(
            "login (kubeconfig token, verify, keyring, 2 files) vs `podman login --password-stdin`", goal: .ratio(1.0),
            { try await sandbox.regctl(["login", registry.host]) },
            { try await sandbox.podman(["login", "--authfile", podmanAuth, "-u", "kubeadmin", "--password-stdin", registry.host], stdin: token) }
        )
        let image = try await sandbox.makeTestImage()
        let reference = "\(registry.host)/developer/bench:1"
        try await sandbox.regctl(["login", registry.host]).required()
        try await sandbox.run(["skopeo", "copy", image.reference, "docker://\(reference)"]).required()
        try await compare(
            "`regctl pull` vs `podman pull` of the same small image", goal: .ratio(1.05),
            { try await sandbox.regctl(["pull", reference, "--", "--quiet"]) },
            { try await sandbox.podman(["pull", "--quiet", reference]) },
            untimed: { try await sandbox.podman(["rmi", "--force", reference]).required() }
        )
        try await sandbox.podman(["pull", "--quiet", reference]).required()
        try await compare(
            "`regctl push` (pre-flight with the cluster's access reviews) vs `podman push` of the same image", goal: .reported,
            { try await sandbox.regctl(["push", reference, "--", "--quiet"]) },
            { try await sandbox.podman(["push", "--quiet", reference]) }
        )
        try await compare(
            "helper `get` of a login bound to a kubeconfig context vs `docker-credential-secretservice get`", goal: .ratio(0.3),
            { try await sandbox.credentialHelper(["get"], stdin: registry.host) },
            { try await sandbox.run(["docker-credential-secretservice", "get"], stdin: registry.host) }
        )
        try await compare(
            "helper `get` right after `oc login` (renews: keyring copy, the token's expiry from the cluster) vs `docker-credential-secretservice get`",
            goal: .reported,
            { try await sandbox.credentialHelper(["get"], stdin: registry.host) },
            { try await sandbox.run(["docker-credential-secretservice", "get"], stdin: registry.host) },
            untimed: {
                let renewed = "sha256~\(UUID().uuidString)"
                openShift.grant(token: renewed, to: "kube:admin")
                try sandbox.writeKubeconfig(openShift: openShift, token: renewed)
            }
        )
        let unbound = try await sandbox.startRegistry(.token(openShift))
        try await sandbox.regctl(["trust", "install", unbound.host, "--ca-file", try sandbox.writeCAFile(), "--scope", "user"]).required()
        try await sandbox.regctl(["login", unbound.host, "--token-stdin"], stdin: token).required()
        try await compare(
            "helper `get` of a keyring-only login (`--token-stdin`) vs `docker-credential-secretservice get`", goal: .ratio(1.0),
            { try await sandbox.credentialHelper(["get"], stdin: unbound.host) },
            { try await sandbox.run(["docker-credential-secretservice", "get"], stdin: unbound.host) }
        )
        try await compare(
            "`regctl status` of one registry vs one `curl` to its `/v2/`", goal: .ratio(1.3),
            { try await sandbox.regctl(["status", registry.host]) },
            { try await sandbox.run(["curl", "-sS", "-o", "/dev/null", "--cacert", ca, "https://\(registry.host)/v2/"]) }
        )
        let hosts = try await loggedInRegistries(18, in: sandbox, openShift: openShift) + [registry.host, unbound.host]
        try await compare(
            "`regctl status` over \(hosts.count) registries vs over 1 (all online checks)", goal: .ratio(2),
            { try await sandbox.regctl(["status"]) },
            { try await sandbox.regctl(["status", registry.host]) }
        )
        try await timeAlone(
            "HOST completion (`trust show reg<TAB>`) with 200 registries configured", goal: .milliseconds(20),
            prepare: {
                let registries = (1...200).map { #""registry\#($0).example:5000": {"store": "secret-service", "username": "u"}"# }
                try sandbox.write(#"{"registries": {\#(registries.joined(separator: ", "))}}"#,
                                  to: sandbox.configHome.appendingPathComponent("regctl/config.json"))
            },
            { try await sandbox.regctl(["---completion", "trust", "show", "--", "positional@0", "3", "3", "regctl", "trust", "show", "reg"]) }
        )
        try await compare(
            "`regctl --version` vs `podman --version`", goal: .milliseconds(3),
            { try await sandbox.regctl(["--version"]) },
            { try await sandbox.run(["podman", "--version"]) }
        )
        try await compare(
            "`docker-credential-regctl version` vs `docker-credential-secretservice version`", goal: .milliseconds(3),
            { try await sandbox.credentialHelper(["version"]) },
            { try await sandbox.run(["docker-credential-secretservice", "version"]) }
        )
        let executable = Sandbox.productsDirectory.appendingPathComponent("regctl").path
        let stripped = sandbox.root.appendingPathComponent("regctl-stripped").path
        try await sandbox.run(["strip", "-o", stripped, executable]).required()
        let size = try FileManager.default.attributesOfItem(atPath: stripped)[.size] as? Int ?? 0
        let megabytes = Double(size) / 1_000_000
        print("| installed size: `regctl`, stripped as `make install` installs it, and a link | \(String(format: "%.1f MB", megabytes)) | — | — | ≤ 25 MB — \(megabytes <= 25 ? "met" : "**missed**") |")
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
        _ what: String, goal: Goal,
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
        print("| \(what) | \(milliseconds(a)) | \(milliseconds(b)) | \(String(format: "%.2f×", a / b)) | \(goal.verdict(ours: a, theirs: b)) |")
    }

    /// Times `body` alone, for a target with no tool to compare against.
    static func timeAlone(
        _ what: String, goal: Goal,
        prepare: () throws -> Void,
        _ body: () async throws -> CommandResult
    ) async throws {
        try prepare()
        var runs: [Duration] = []
        for _ in 0..<rounds { runs.append(try await time(body)) }
        let ours = median(runs)
        print("| \(what) | \(milliseconds(ours)) | — | — | \(goal.verdict(ours: ours, theirs: nil)) |")
    }

    static func time(_ body: () async throws -> CommandResult) async throws -> Duration {
        try await body().required().elapsed
    }

    static func median(_ values: [Duration]) -> Duration { values.sorted()[values.count / 2] }

    static func milliseconds(_ duration: Duration) -> String {
        String(format: "%.1f ms", milliseconds(of: duration))
    }

    static func milliseconds(of duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}

extension CommandResult {
    @discardableResult
    func required() throws -> CommandResult {
        guard succeeded else { throw HarnessError("\(self)") }
        return self
    }
}
