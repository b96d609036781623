import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// A command that stops with `Run: …`, made for real in a working ``FixWorld``.
enum StoppedCommandCase: String, CaseIterable, HealingCase, CustomTestStringConvertible {
    case pullCAMissing, pushCAMissing, pullKeyringErased, pullTokenRevoked, canITokenRevoked, loginCAMissing

    var testDescription: String { rawValue }

    var login: FixLogin { self == .pullKeyringErased || self == .loginCAMissing ? .account : .bound }

    /// Pushes an image (or, for push, puts it in local storage), breaks the world, then the command must fail with a `Run:` line (a pull
    /// the registry refused exits with podman's status, the advice after it); each
    /// one, run as printed by the world's person (never by root for the user: none of these
    /// needs root), leads to the command working.
    func expectHeals(in world: FixWorld) async throws {
        let reader = world.reader
        let reference = "\(world.host)/developer/hello:1"
        if self != .loginCAMissing {
            let image = try await reader.makeTestImage()
            let destination = self == .pushCAMissing ? "containers-storage:\(reference)" : "docker://\(reference)"
            try await reader.run(["skopeo", "copy", image.reference, destination]).required()
        }
        var adding: [String: String] = [:]
        switch self {
        case .pullCAMissing, .pushCAMissing, .loginCAMissing:
            try FileManager.default.removeItem(at: reader.containersCertsDirectory(world.host))
        case .pullKeyringErased:
            try await reader.run(["docker-credential-secretservice", "erase"], stdin: world.host).required()
        case .pullTokenRevoked, .canITokenRevoked:
            let cluster = try world.boundCluster
            cluster.openShift.revoke(token: cluster.token)
            adding = try await OcLoginShim.make(for: cluster.openShift, reader: reader).path(for: reader)
        }
        let (arguments, stdin): ([String], String) = switch self {
        case .pullCAMissing, .pullKeyringErased, .pullTokenRevoked: (["pull", reference], "")
        case .pushCAMissing: (["push", reference], "")
        case .canITokenRevoked: (["can-i", "push", "\(world.host)/developer/hello:2"], "")
        case .loginCAMissing: (["login", world.host, "-u", "alice", "--password-stdin"], (world.password ?? "") + "\n")
        }
        let stopped = try await reader.regctl(arguments, stdin: stdin)
        #expect(!stopped.succeeded && FixReader.commandToRun(in: stopped.stderr) != nil, "\(stopped)")
        let steps = try await reader.follow(printedIn: stopped, adding: adding, password: world.password)
        #expect(steps.last?.result.succeeded == true, "what the advice said:\n\(steps.map(\.description).joined(separator: "\n"))")
        let rootRan = steps.contains { $0.byRoot }
        #expect(!rootRan, "a step for root: \(steps.map(\.command))")
        let again = try await reader.regctl(arguments, stdin: stdin)
        #expect(again.succeeded, "after \(steps.map(\.command)): \(again)")
    }
}
