/// `regctl push` and `regctl pull`: pre-flight for a managed registry, then the engine's
/// command line, which carries no secret and no TLS switch.
public struct PushPull: Sendable {
    public enum Action: String, Sendable, CaseIterable { case push, pull }

    /// The engine to hand over to, and whether regctl stays to explain a failure.
    public struct Plan: Sendable {
        public let path: String
        /// argv, argv[0] first.
        public let arguments: [String]
        public let image: ImageReference
        /// A pull from a registry whose login is bound to a cluster: when the engine fails,
        /// ``RegistryRights/explainFailedPull(_:)`` says whether the token, a right or the project was why.
        public let explainsFailure: Bool
    }

    /// How the engine ended, for a plan that regctl stays to explain.
    public struct Outcome: Sendable {
        public let status: Int32
        /// Why the pull failed; nil when it did not, or the cluster cannot tell.
        public let explanation: PullRefusal?
    }

    let environment: RegctlEnvironment
    let keyring: any CredentialStore
    let log = StepLog.logger("preflight")

    public init(environment: RegctlEnvironment, keyring: any CredentialStore) {
        self.environment = environment
        self.keyring = keyring
    }

    /// Checks what needs checking — for a push to a cluster-bound registry, the rights the
    /// registry will ask for too — and returns the engine's plan.
    public func prepare(
        _ action: Action,
        image: String,
        engine explicit: ContainerEngine?,
        engineArguments: [String]
    ) async throws -> Plan {
        let reference = try ImageReference(image)
        let config = try RegctlConfigFile(environment: environment).load()
        let (engine, path) = try ContainerEngine.choose(explicit: explicit, environment: environment, configured: config.engine)
        var bound = false
        if let host = reference.host {
            try await PushPullPreflight(environment: environment, keyring: keyring).check(host, engine: engine)
            bound = config.registries[host.description]?.binding != nil
            if bound, action == .push { try await rightsToPush(reference) }
        }
        let arguments = [engine.rawValue, action.rawValue, reference.description] + engineArguments
        return Plan(path: path, arguments: arguments, image: reference, explainsFailure: bound && action == .pull)
    }

    /// Hands over to the engine: replaces this process with it (returns only when that
    /// fails), or for a plan that explains failures, runs it and explains a failure.
    public func handOver(_ plan: Plan) async throws -> Outcome {
        guard plan.explainsFailure else { throw EngineHandover.exec(plan.path, plan.arguments) }
        let status = try await EngineHandover.run(plan.path, plan.arguments)
        guard status != 0 else { return Outcome(status: 0, explanation: nil) }
        return Outcome(status: status, explanation: await RegistryRights(environment: environment, keyring: keyring).explainFailedPull(plan.image))
    }

    /// Stops a push the cluster would refuse; a cluster that cannot be asked leaves it to the engine.
    private func rightsToPush(_ image: ImageReference) async throws {
        let answer: RightsAnswer
        do {
            answer = try await RegistryRights(environment: environment, keyring: keyring).check(.push, image)
        } catch let error as RightsError {
            throw error
        } catch {
            log.debug("could not ask the cluster about rights (\(error)); handing over, the engine will report")
            return
        }
        log.debug("rights: \(answer.checks.map { "\($0.question): \($0.allowed ? "yes" : "no")" }.joined(separator: ", "))")
        guard answer.allowed else { throw RightsError.refused(answer) }
    }
}
