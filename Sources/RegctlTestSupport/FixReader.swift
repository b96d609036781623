import Foundation

/// The person who got a fix and runs it as printed: root in the sandbox, or an unprivileged
/// user (``UserLane``). Names that person's files as their session finds them.
public struct FixReader: Sendable {
    public let sandbox: Sandbox
    /// The user's session; nil for root.
    public let lane: UserLane?

    /// Root, in the sandbox environment.
    public static func root(_ sandbox: Sandbox) -> FixReader { FixReader(sandbox: sandbox, lane: nil) }

    /// The lane's unprivileged user, in its session.
    public static func user(_ lane: UserLane) -> FixReader { FixReader(sandbox: lane.sandbox, lane: lane) }

    public var environment: [String: String] { lane?.environment ?? sandbox.environment }
    public var home: URL { URL(fileURLWithPath: environment["HOME"] ?? sandbox.home.path) }
    public var configHome: URL { environment["XDG_CONFIG_HOME"].map(URL.init(fileURLWithPath:)) ?? home.appendingPathComponent(".config") }
    public var runtimeDirectory: URL { URL(fileURLWithPath: environment["XDG_RUNTIME_DIR"] ?? sandbox.runtimeDirectory.path) }
    public var kubeconfig: URL { environment["KUBECONFIG"].map(URL.init(fileURLWithPath:)) ?? home.appendingPathComponent(".kube/config") }
    public var dockerConfigFile: URL {
        (environment["DOCKER_CONFIG"].map(URL.init(fileURLWithPath:)) ?? home.appendingPathComponent(".docker")).appendingPathComponent("config.json")
    }

    /// The certs.d directory podman reads first for `host`: this person's own.
    public func containersCertsDirectory(_ host: String) -> URL {
        configHome.appendingPathComponent("containers/certs.d/\(host)")
    }

    /// Runs `arguments` as this person (`adding` overrides the environment).
    public func run(_ arguments: [String], stdin: String = "", adding: [String: String] = [:]) async throws -> CommandResult {
        if let lane { return try await lane.run(arguments, stdin: stdin, adding: adding) }
        return try await sandbox.run(arguments, stdin: stdin, adding: adding)
    }

    /// Runs the freshly built `regctl` as this person.
    public func regctl(_ arguments: [String], stdin: String = "", adding: [String: String] = [:]) async throws -> CommandResult {
        try await run([Sandbox.productsDirectory.appendingPathComponent("regctl").path] + arguments, stdin: stdin, adding: adding)
    }

    /// Runs `command` by this person's shell, exactly as given.
    public func shell(_ command: String, adding: [String: String] = [:]) async throws -> CommandResult {
        try await run(["sh", "-c", command], adding: adding)
    }

    /// Builds a small image offline, readable by this person.
    public func makeTestImage() async throws -> TestImage {
        if let lane { return try await lane.makeTestImage() }
        return try await sandbox.makeTestImage()
    }

    /// Hands `paths` to this person (nothing to do for root).
    public func own(_ paths: URL...) async throws {
        guard let lane else { return }
        for path in paths { try await lane.user.own(path) }
    }
}
