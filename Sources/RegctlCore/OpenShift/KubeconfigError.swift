/// Why no usable OpenShift token came out of the kubeconfig.
public enum KubeconfigError: RegctlError, Equatable {
    case unreadable(String)
    case malformed(path: String, detail: String)
    case noKubeconfig([String])
    case noCurrentContext
    case unknownContext(String)
    case incompleteContext(String)
    case noToken(context: String, user: String, kind: String)
    case unreadableTokenFile(String)
    /// A login's binding names a kubeconfig by a relative path, which would depend on where it is read.
    case relativeBinding(String)
    /// The context a login is bound to now names another cluster.
    case otherCluster(context: String, server: String, bound: String)
    /// regctl runs as root, and another user controls the file (``RootSafeFile``).
    case refusedAsRoot(RootSafeFile.Refusal)
    /// Another user can change the file (``UserOwnership``).
    case notYours(UserOwnership.Refusal)

    public var message: String {
        switch self {
        case .unreadable(let path): "cannot read the kubeconfig \(path)"
        case .malformed(let path, let detail): "the kubeconfig \(path) is not valid: \(detail)"
        case .noKubeconfig(let paths): "no kubeconfig found (looked at \(paths.joined(separator: ", ")))"
        case .noCurrentContext: "the kubeconfig has no current context"
        case .unknownContext(let name): "the kubeconfig has no context named \(name)"
        case .incompleteContext(let name): "the kubeconfig context \(name) names a cluster or user it does not define"
        case .noToken(let context, let user, let kind):
            "the user \(user) of context \(context) signs in with \(kind), which gives no token regctl can hand to a registry"
        case .unreadableTokenFile(let path): "cannot read the tokenFile \(path)"
        case .relativeBinding(let path): "the login names its kubeconfig by the relative path \(path)"
        case .otherCluster(let context, let server, let bound):
            "kubeconfig context \(context) now points at \(server), not at \(bound), whose login this is"
        case .refusedAsRoot(let refusal): refusal.message
        case .notYours(let refusal): refusal.message
        }
    }

    public var fix: Fix? {
        switch self {
        case .noKubeconfig, .noCurrentContext, .noToken:
            .act("Run `oc login` to get a token, or give one: oc whoami -t | regctl login HOST --token-stdin; for a registry's own account: echo PASSWORD | regctl login HOST -u USER --password-stdin.")
        case .unknownContext: .act("List the contexts with `oc config get-contexts`, or leave --context out to use the current one.")
        case .malformed(let path, _): .act("Fix \(path), or choose another file with --kubeconfig.")
        case .relativeBinding, .otherCluster: .act("Run `regctl login HOST` again to follow the context as it is now.")
        case .refusedAsRoot(let refusal): refusal.fix
        case .notYours(let refusal): refusal.fix
        default: nil
        }
    }

    public var status: ExitStatus { .usage }
}
