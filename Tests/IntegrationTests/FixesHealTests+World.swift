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

/// How the person logged in before things broke.
enum FixLogin: Sendable {
    /// From the kubeconfig's context, the token in the keyring.
    case bound
    /// From the kubeconfig's context, the token in the auth files (`--store file`).
    case boundFileStore
    /// With the registry's own account, the password in the keyring.
    case account
}

/// A way things break for a person, and what then heals them (status's fixes, a command's advice).
protocol HealingCase: Sendable {
    /// How the person logged in before it broke.
    var login: FixLogin { get }
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
            try await check.expectHeals(in: try await world(sandbox, login: check.login))
        }
    }

    /// This lane's working registry, which passes status: a cluster's (root: `regctl setup
    /// --scope user`; the user: `regctl login` from its own kubeconfig, the CA trusted for it),
    /// or one logged in to with the registry's own account.
    func world(_ sandbox: Sandbox, login: FixLogin) async throws -> FixWorld {
        let lane = self == .user ? try await UserLane.start(in: sandbox) : nil
        let reader = lane.map(FixReader.user) ?? .root(sandbox)
        if login == .account {
            if lane == nil { _ = try await sandbox.startKeyring() }
            return try await .accountLogin(reader)
        }
        let store = login == .boundFileStore ? ["--store", "file"] : []
        let cluster: SetupTests.Cluster
        if let lane {
            cluster = try await lane.cluster()
            try await lane.regctl(["login", cluster.registry.host] + store).required()
        } else {
            cluster = try await SetupTests.Cluster.make(sandbox)
            try await sandbox.regctl(["setup", "--scope", "user"] + store).required()
        }
        if login == .boundFileStore {
            // The token is in the auth files on purpose, and the renewed one after the fix.
            for file in [reader.runtimeDirectory.appendingPathComponent("containers/auth.json"), reader.dockerConfigFile] { sandbox.allowSecret(in: file) }
        }
        return FixWorld(reader: reader, registry: cluster.registry, cluster: cluster)
    }
}
