import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// A registry that works for the person who uses it: logged in to through a cluster's
/// kubeconfig (`cluster`), or with the registry's own account (`password`).
struct FixWorld {
    let reader: FixReader
    let registry: RegistryServer
    var cluster: SetupTests.Cluster?
    var password: String?
    var host: String { registry.host }
    var sandbox: Sandbox { reader.sandbox }

    /// The cluster of a bound login; the cases that need one make one.
    var boundCluster: SetupTests.Cluster {
        get throws {
            guard let cluster else { throw HarnessError("this case needs a login bound to a cluster") }
            return cluster
        }
    }

    /// An account login (user alice) to a registry whose CA `reader` trusts for itself.
    static func accountLogin(_ reader: FixReader) async throws -> FixWorld {
        let password = "pw-\(UUID().uuidString)"
        let registry = try await reader.sandbox.startRegistry(.htpasswd(["alice": password]))
        let ca = reader.home.appendingPathComponent("registry-ca.pem")
        try reader.sandbox.write(try reader.sandbox.authority.certificatePEM, to: ca)
        try await reader.own(ca)
        try await reader.regctl(["trust", "install", registry.host, "--ca-file", ca.path, "--scope", "user"]).required()
        try await reader.regctl(["login", registry.host, "-u", "alice", "--password-stdin"], stdin: password + "\n").required()
        return FixWorld(reader: reader, registry: registry, password: password)
    }
}

/// A way things break for a person, and what then heals them (status's fixes, a command's advice).
protocol HealingCase: Sendable {
    /// Whether it needs an account login (the keyring holds its password) rather than a bound one.
    var needsAccountLogin: Bool { get }
    /// Breaks `world` this way and expects what regctl prints, taken by the world's person, to heal it.
    func expectHeals(in world: FixWorld) async throws
}

/// Who takes the fixes: root, in the sandbox environment, or an unprivileged user (``UserLane``).
enum FixLane: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case root, user

    var testDescription: String { rawValue }

    /// `check`, in a sandbox of its own, for this lane's person.
    func expectHeals(_ check: some HealingCase) async throws {
        try await withSandbox { sandbox in
            try await check.expectHeals(in: try await world(sandbox, account: check.needsAccountLogin))
        }
    }

    /// This lane's working registry, which passes status: a cluster's (root: `regctl setup
    /// --scope user`; the user: `regctl login` from its own kubeconfig, the CA trusted for it),
    /// or with `account` one logged in to with the registry's own account.
    func world(_ sandbox: Sandbox, account: Bool) async throws -> FixWorld {
        switch self {
        case .root:
            if account {
                _ = try await sandbox.startKeyring()
                return try await .accountLogin(.root(sandbox))
            }
            let cluster = try await SetupTests.Cluster.make(sandbox)
            try await sandbox.regctl(["setup", "--scope", "user"]).required()
            return FixWorld(reader: .root(sandbox), registry: cluster.registry, cluster: cluster)
        case .user:
            let lane = try await UserLane.start(in: sandbox)
            if account { return try await .accountLogin(.user(lane)) }
            let cluster = try await lane.cluster()
            try await lane.regctl(["login", cluster.registry.host]).required()
            return FixWorld(reader: .user(lane), registry: cluster.registry, cluster: cluster)
        }
    }
}
