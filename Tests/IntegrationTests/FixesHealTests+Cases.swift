import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// One of `regctl status`'s problems, made for real in a working ``FixWorld``.
///
/// Not made here, for a reason: a CA that expired or expires within 30 days (the fix installs
/// the cluster's CA again, which only heals once the cluster has a new one, and the run's CA is
/// valid); a token expiring within hours or expired (the stand-in's tokens live 24 h, and a
/// token that expired is a rejected token, which `tokenRevoked` covers); an unreachable
/// registry (the fix is to check the network, nothing to run); a keyring that is not there or
/// locked (the fix is only a hand step, to log in to a desktop session or unlock it); an exec
/// plugin's expired token (the plugin renews it at the next request; `ExecPluginTests`).
enum StatusProblemCase: String, CaseIterable, HealingCase, CustomTestStringConvertible {
    case containersCAMissing, wrongCA, dockerCAMissing, credentialErased, tokenRevoked, tokenRevokedFileStore, contextRemoved
    case dockerWiringRemoved, dockerWiringRemovedFileStore, malformedAuthFile, authFileForOc, plainPodmanLogin, otherHelper, helperLinkMissing, foreignHelper, invalidHostsFile, shadowingDirectory

    var testDescription: String { rawValue }

    var login: FixLogin {
        switch self {
        case .credentialErased: .account
        case .tokenRevokedFileStore, .dockerWiringRemovedFileStore: .boundFileStore
        default: .bound
        }
    }

    /// What status must say of it.
    func problem(_ world: FixWorld) -> String {
        let host = world.host
        return switch self {
        case .containersCAMissing, .wrongCA: "\(host): podman and skopeo would not trust \(host)"
        case .dockerCAMissing: "\(host): the docker daemon would not trust \(host)"
        case .credentialErased: "\(host): no credential for \(host)"
        case .tokenRevoked, .tokenRevokedFileStore: "\(host): \(host) rejects the token"
        case .contextRemoved: "which gives no token any more"
        case .dockerWiringRemoved, .dockerWiringRemovedFileStore: "no auth file sends docker"
        case .malformedAuthFile: "\(world.reader.dockerConfigFile.path) is not valid JSON"
        case .authFileForOc: "REGISTRY_AUTH_FILE names \(world.reader.home.path)/pull-secret.json, the only file oc reads"
        case .plainPodmanLogin: "holds a plain credential for \(host)"
        case .otherHelper: "sends docker to docker-credential-secretservice for \(host)"
        case .helperLinkMissing: "docker-credential-regctl is not on PATH"
        case .foreignHelper: "(docker-credential-regctl (another build) 0.1), not this regctl"
        case .invalidHostsFile: "rootless containerd and nerdctl would not trust \(host)"
        case .shadowingDirectory: "is shadowing a later directory that has the right CA"
        }
    }

    var area: StatusProblem.Area {
        switch self {
        case .containersCAMissing, .wrongCA, .dockerCAMissing, .invalidHostsFile, .shadowingDirectory: .trust
        case .credentialErased, .tokenRevoked, .tokenRevokedFileStore, .contextRemoved: .credential
        case .dockerWiringRemoved, .dockerWiringRemovedFileStore, .malformedAuthFile, .authFileForOc, .plainPodmanLogin, .otherHelper, .helperLinkMissing, .foreignHelper: .wiring
        }
    }

    /// Whether its fix needs root for an unprivileged user: docker's daemon reads a system directory.
    var needsRoot: Bool { self == .dockerCAMissing }

    /// Whether status warns (exit 0) rather than fails.
    var isWarning: Bool { [.plainPodmanLogin, .contextRemoved, .foreignHelper].contains(self) }

    /// What the person's fixes run with, and what the person does by hand.
    struct Made {
        /// The person's environment for status and the fixes alike.
        var session: [String: String] = [:]
        var adding: [String: String] = [:]
        var handStep: @Sendable (String) async throws -> Void = { step in throw HarnessError("no hand step expected, got: \(step)") }
    }

    /// Breaks `world` this way; status must report it, and its fixes, taken by the world's
    /// person, must heal it.
    func expectHeals(in world: FixWorld) async throws {
        let made = try await make(in: world)
        try await world.reader.expectFixesHeal(
            problem: problem(world), area: area, warning: isWarning,
            rootMayHelp: needsRoot, rounds: self == .malformedAuthFile ? 2 : 1, session: made.session, adding: made.adding, password: world.password, handStep: made.handStep
        )
    }

    /// Breaks `world` this way, as it happens to people.
    func make(in world: FixWorld) async throws -> Made {
        let (reader, sandbox, host) = (world.reader, world.sandbox, world.host)
        let files = FileManager.default
        switch self {
        case .containersCAMissing:
            try files.removeItem(at: reader.containersCertsDirectory(host))
        case .wrongCA:
            // Another CA where podman looks first, and none of the registry's anywhere.
            try sandbox.write(try TestCertificateAuthority(name: "another CA").certificatePEM, to: reader.containersCertsDirectory(host).appendingPathComponent("ca.crt"))
            try await reader.own(reader.containersCertsDirectory(host))
        case .dockerCAMissing:
            // The docker daemon's socket under the sysroot: the daemon is in use here.
            try sandbox.write("", to: sandbox.sysroot.appendingPathComponent("run/docker.sock"))
            try? files.removeItem(at: sandbox.sysroot.appendingPathComponent("etc/docker/certs.d/\(host)"))
        case .credentialErased:
            try await reader.run(["docker-credential-secretservice", "erase"], stdin: host).required()
        case .tokenRevoked, .tokenRevokedFileStore:
            let cluster = try world.boundCluster
            cluster.openShift.revoke(token: cluster.token)
            return Made(adding: try await OcLoginShim.make(for: cluster.openShift, reader: reader).path(for: reader))
        case .contextRemoved:
            let cluster = try world.boundCluster
            try sandbox.writeKubeconfig(openShift: cluster.openShift, token: cluster.token, context: "elsewhere/api-test:6443/other", file: reader.kubeconfig)
            try await reader.own(reader.kubeconfig)
            return Made(adding: try await OcLoginShim.make(for: cluster.openShift, reader: reader).path(for: reader))
        case .dockerWiringRemoved, .dockerWiringRemovedFileStore:
            try files.removeItem(at: reader.dockerConfigFile)
        case .malformedAuthFile:
            // docker's config.json cut short, as a crashed editor leaves it.
            try sandbox.write(#"{"credHelpers": {"#, to: reader.dockerConfigFile)
            try await reader.own(reader.dockerConfigFile)
            let file = reader.dockerConfigFile
            return Made(handStep: { step in
                // The hand step: the person moves the file aside; status, run again, says what is then missing.
                guard step.hasPrefix("Fix or move \(file.path) aside") else { throw HarnessError("an unexpected hand step: \(step)") }
                try FileManager.default.moveItem(at: file, to: file.appendingPathExtension("broken"))
            })
        case .authFileForOc:
            // oc is installed (the stand-in serves), and the profile names a pull secret in
            // REGISTRY_AUTH_FILE, the one file oc then reads; it has no entry for the registry.
            let pullSecret = reader.home.appendingPathComponent("pull-secret.json")
            try sandbox.write(#"{"auths": {"quay.io": {"auth": "dTpw"}}}"#, to: pullSecret)
            try await reader.own(pullSecret)
            let oc = try await OcLoginShim.make(for: try world.boundCluster.openShift, reader: reader)
            return Made(session: oc.path(for: reader).merging(["REGISTRY_AUTH_FILE": pullSecret.path]) { $1 })
        case .plainPodmanLogin:
            // A reboot empties the runtime auth.json; then a plain login into the persistent file podman reads next.
            try files.removeItem(at: reader.runtimeDirectory.appendingPathComponent("containers/auth.json"))
            let persistent = reader.configHome.appendingPathComponent("containers/auth.json")
            let token = try world.boundCluster.token
            sandbox.allowSecret(token, in: persistent)
            try await reader.run(["podman", "login", "--authfile", persistent.path, "--username", "developer", "--password-stdin", host], stdin: token).required()
        case .otherHelper:
            try sandbox.write(#"{"credHelpers": {"\#(host)": "secretservice"}}"#, to: reader.dockerConfigFile)
            try await reader.own(reader.dockerConfigFile)
        case .helperLinkMissing:
            // PATH without the helper's link, with regctl from a directory of its own (not the
            // build's, which the fix would write in) and with ~/.local/bin, as a desktop's profile gives.
            let bin = sandbox.root.appendingPathComponent("installed-bin")
            try await sandbox.writeExecutable("#!/bin/sh\nexec '\(Sandbox.productsDirectory.path)/regctl' \"$@\"\n", to: bin.appendingPathComponent("regctl"))
            let left = [URL(fileURLWithPath: try Sandbox.credentialHelperPath).deletingLastPathComponent().path, Sandbox.productsDirectory.path]
            let rest = (sandbox.environment["PATH"] ?? "").split(separator: ":").map(String.init).filter { !left.contains($0) }
            sandbox.setEnvironment("PATH", ([reader.home.appendingPathComponent(".local/bin").path, bin.path] + rest).joined(separator: ":"))
        case .foreignHelper:
            // Another build's docker-credential-regctl first on PATH, in a directory root owns.
            let bin = sandbox.root.appendingPathComponent("other-bin")
            try await sandbox.writeExecutable("#!/bin/sh\necho 'docker-credential-regctl (another build) 0.1'\n", to: bin.appendingPathComponent("docker-credential-regctl"))
            sandbox.setEnvironment("PATH", bin.path + ":" + (sandbox.environment["PATH"] ?? ""))
            let local = reader.home.appendingPathComponent(".local/bin").path
            return Made(handStep: { step in
                // The hand step: the person's profile puts ~/.local/bin first on PATH, and a new login reads it.
                guard step.hasPrefix("put \(local) on PATH") else { throw HarnessError("an unexpected hand step: \(step)") }
                sandbox.setEnvironment("PATH", local + ":" + (sandbox.environment["PATH"] ?? ""))
            })
        case .invalidHostsFile:
            // A hosts.toml with a typo (an unclosed string) in the user's containerd directory.
            let file = reader.configHome.appendingPathComponent("containerd/certs.d/\(host)/hosts.toml")
            try sandbox.write("server = \"https://\(host)\n", to: file)
            try await reader.own(reader.configHome)
            let reader = reader
            return Made(handStep: { step in
                // The hand step: the person closes the string; the file then reads as TOML.
                guard step.hasPrefix("Correct \(file.path) ") else { throw HarnessError("the hand step names another file: \(step)") }
                try sandbox.write("server = \"https://\(host)\"\n", to: file)
                try await reader.own(file)
            })
        case .shadowingDirectory:
            // Root installs the right CA for the whole system; the person's own directory keeps an old one.
            try await sandbox.regctl(["trust", "install", host, "--ca-file", try sandbox.writeCAFile(), "--scope", "system"]).required()
            try sandbox.write(try TestCertificateAuthority(name: "stale CA").certificatePEM, to: reader.containersCertsDirectory(host).appendingPathComponent("ca.crt"))
            try await reader.own(reader.containersCertsDirectory(host))
        }
        return Made()
    }
}
