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

    /// Runs the pre-flight, then replaces this process with the engine — or, for a pull from a
    /// cluster-bound registry, runs it and explains a failure.
    func handOver(_ action: PushPull.Action) async throws {
        StepLog.enable(verbose: verbose)
        let environment = RegctlEnvironment.current
        let pushPull = PushPull(environment: environment, keyring: SecretServiceStore(environment: environment))
        let plan = try await pushPull.prepare(action, image: image, engine: engine, engineArguments: engineArguments)
        let outcome = try await pushPull.handOver(plan)
        if let explanation = outcome.explanation { Console.standardError.write(UntrustedText.escaped(explanation, keepingLines: true) + "\n") }
        if outcome.status != 0 { throw ExitCode(outcome.status) }
    }
}

extension ContainerEngine: ExpressibleByArgument {}
