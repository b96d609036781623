import FoundationEssentials

/// What `regctl setup` did, step by step.
public struct SetupReport: Codable, Sendable {
    public let registry: DiscoveredRegistry
    public let trust: TrustInstallReport
    public let login: LoginReport
    /// True when everything was in place already and no file changed.
    public let alreadySetUp: Bool
    /// A command to try next.
    public let next: String
}

/// Each step of `regctl setup` as it completes, so that a failure can show what was done.
public enum SetupStep: Sendable {
    case registry(DiscoveredRegistry)
    case trust(TrustInstallReport)
    case login(LoginReport)
    /// The registry accepted the stored credential with the CAs the containers clients load.
    case checked(RegistryHost)
}
