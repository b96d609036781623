/// Why regctl cannot say, or says no, before the engine runs.
public enum RightsError: RegctlError, Equatable {
    case noRegistry(String)
    case notProjectPath(String)
    /// `fix`: the login made, or wired again (``Fixes``).
    case notLoggedIn(RegistryHost, fix: Fix)
    case notBound(RegistryHost)
    /// The cluster says the push would be refused.
    case refused(RightsAnswer)

    public var message: String {
        switch self {
        case .noRegistry(let image): "\(image) names no registry host"
        case .notProjectPath(let image): "\(image) is not PROJECT/NAME on its registry, which is all OpenShift's registry serves"
        case .notLoggedIn(let host, _): "regctl has no login for \(host)"
        case .notBound(let host): "the login to \(host) is not bound to a kubeconfig context, so there is no cluster to ask"
        case .refused(let answer): "the push would be refused: " + (answer.refusal ?? answer.summary)
        }
    }

    public var fix: Fix? {
        switch self {
        case .noRegistry: .act("Write it as HOST[:PORT]/PROJECT/NAME[:TAG].")
        case .notProjectPath: .act("Name it HOST/PROJECT/NAME[:TAG]; OpenShift's registry answers 400 to more levels.")
        case .notLoggedIn(_, let fix): fix
        case .notBound(let host): .run("oc login", "regctl login \(host) --context \"$(oc config current-context)\"")
        case .refused(let answer): answer.fix
        }
    }

    public var status: ExitStatus {
        switch self {
        case .noRegistry, .notProjectPath, .notBound: .usage
        case .notLoggedIn, .refused: .failed
        }
    }
}
