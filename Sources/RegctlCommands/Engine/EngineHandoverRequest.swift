import ArgumentParser
import RegctlCore

/// A `push` or `pull`: what the pre-flight needs, then the hand-over to podman or docker.
struct EngineHandoverRequest: Sendable, Equatable {
    let action: PushPull.Action
    let image: String
    let engine: ContainerEngine?
    let verbose: Bool
    let engineArguments: [String]

    /// Runs the pre-flight, then replaces this process with the engine — or, for a pull from a
    /// cluster-bound registry, runs it and explains a failure.
    func run() async throws {
        StepLog.enable(verbose: verbose)
        let environment = RegctlEnvironment.current
        let pushPull = PushPull(environment: environment, keyring: SecretServiceStore(environment: environment))
        let plan = try await pushPull.prepare(action, image: image, engine: engine, engineArguments: engineArguments)
        let outcome = try await pushPull.handOver(plan)
        if let refusal = outcome.explanation {
            let lines = ["regctl: " + UntrustedText.escaped(refusal.message)] + (refusal.fix.map { [UntrustedText.escaped($0.instruction, keepingLines: true)] } ?? [])
            Console.standardError.write(lines.joined(separator: "\n") + "\n")
        }
        if outcome.status != 0 { throw ExitCode(outcome.status) }
    }
}

extension EngineHandoverRequest {
    /// `push`/`pull` read straight from the command line, without building the argument
    /// parser, which costs a command that hands over to an engine about 2.5 ms: IMAGE,
    /// `--engine E` or `--engine=E`, `-v`/`--verbose`, then `--` and the engine's own
    /// arguments. Anything else — help, an unknown option or engine, no image or two — is
    /// nil, left to the parser to answer as it does for every command.
    init?(commandLine arguments: [String]) {
        guard let first = arguments.first, let action = PushPull.Action(rawValue: first) else { return nil }
        var image: String?, engine: ContainerEngine?, verbose = false, engineArguments: [String] = []
        var rest = arguments.dropFirst()
        while let argument = rest.popFirst() {
            if argument == "--" {
                engineArguments = Array(rest)
                break
            } else if argument == "-v" || argument == "--verbose" {
                verbose = true
            } else if argument == "--engine" || argument.hasPrefix("--engine=") {
                let value = argument == "--engine" ? rest.popFirst() : String(argument.dropFirst("--engine=".count))
                guard engine == nil, let value, let named = ContainerEngine(rawValue: value) else { return nil }
                engine = named
            } else if argument.hasPrefix("-") || image != nil {
                return nil
            } else {
                image = argument
            }
        }
        guard let image else { return nil }
        self.init(action: action, image: image, engine: engine, verbose: verbose, engineArguments: engineArguments)
    }
}
