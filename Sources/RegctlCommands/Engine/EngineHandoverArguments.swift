import ArgumentParser
import RegctlCore

/// IMAGE, `--engine` and the engine's own arguments after `--`, shared by push and pull.
struct EngineHandoverArguments: ParsableArguments {
    @Argument(help: "The image: HOST[:PORT]/NAMESPACE/NAME[:TAG][@DIGEST].", completion: .imagePrefixes)
    var image: String

    @Option(help: "podman or docker (default: REGCTL_ENGINE, regctl's config, else the first on PATH).")
    var engine: ContainerEngine?

    @Flag(name: .shortAndLong, help: "Log the pre-flight steps to stderr (secrets are always redacted).")
    var verbose = false

    @Argument(parsing: .postTerminator, help: "Arguments after -- go to the engine unchanged.")
    var engineArguments: [String] = []

    /// The hand-over these arguments ask for.
    func request(_ action: PushPull.Action) -> EngineHandoverRequest {
        EngineHandoverRequest(action: action, image: image, engine: engine, verbose: verbose, engineArguments: engineArguments)
    }
}

extension ContainerEngine: ExpressibleByArgument {}
