import FoundationEssentials

/// The program `regctl push` and `pull` hand over to.
public enum ContainerEngine: String, Codable, Sendable, CaseIterable {
    case podman, docker

    /// Whose credential lookup the engine follows.
    public var credentialClient: CredentialClient {
        switch self {
        case .podman: .containers
        case .docker: .docker
        }
    }

    /// `explicit` (`--engine`), else `REGCTL_ENGINE`, else regctl's config, else the first of
    /// podman and docker on PATH; with the executable's path.
    public static func choose(
        explicit: ContainerEngine?,
        environment: RegctlEnvironment,
        configured: ContainerEngine?
    ) throws(EngineError) -> (engine: ContainerEngine, path: String) {
        var wanted = explicit
        if wanted == nil, let name = environment.variables["REGCTL_ENGINE"], !name.isEmpty {
            guard let engine = ContainerEngine(rawValue: name) else { throw .unknownEngine(name) }
            wanted = engine
        }
        wanted = wanted ?? configured
        let candidates = wanted.map { [$0] } ?? allCases
        for engine in candidates {
            if let path = environment.executable(named: engine.rawValue) { return (engine, path) }
        }
        throw .notInstalled(candidates)
    }
}

/// Why regctl cannot hand over to an engine.
public enum EngineError: RegctlError, Equatable {
    case unknownEngine(String)
    case notInstalled([ContainerEngine])
    case execFailed(String, String)

    public var message: String {
        switch self {
        case .unknownEngine(let name): "REGCTL_ENGINE is \(name); regctl knows podman and docker"
        case .notInstalled(let engines): "\(engines.map(\.rawValue).joined(separator: " or ")) is not installed (not on PATH)"
        case .execFailed(let path, let reason): "cannot run \(path): \(reason)"
        }
    }

    public var fix: Fix? {
        switch self {
        case .unknownEngine: .act("Set REGCTL_ENGINE to podman or docker, or pass --engine.")
        case .notInstalled: .act("Install podman (apt-get install podman) or docker, or choose the other with --engine.")
        case .execFailed: nil
        }
    }

    public var status: ExitStatus { .usage }
}
