/// `regctl push` and `regctl pull`: pre-flight for a managed registry, then the engine's
/// command line, which carries no secret and no TLS switch.
public struct PushPull: Sendable {
    public enum Action: String, Sendable { case push, pull }

    let environment: RegctlEnvironment
    let keyring: any CredentialStore

    public init(environment: RegctlEnvironment, keyring: any CredentialStore) {
        self.environment = environment
        self.keyring = keyring
    }

    /// Checks what needs checking and returns the engine's path and argv (argv[0] first).
    public func prepare(
        _ action: Action,
        image: String,
        engine explicit: ContainerEngine?,
        engineArguments: [String]
    ) async throws -> (path: String, arguments: [String]) {
        let reference = try ImageReference(image)
        let configured = try RegctlConfigFile(environment: environment).load().engine
        let (engine, path) = try ContainerEngine.choose(explicit: explicit, environment: environment, configured: configured)
        if let host = reference.host {
            try await PushPullPreflight(environment: environment, keyring: keyring).check(host, engine: engine)
        }
        return (path, [engine.rawValue, action.rawValue, reference.description] + engineArguments)
    }
}
