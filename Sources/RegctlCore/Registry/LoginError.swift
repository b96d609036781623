/// Why a registry did not accept a login.
public enum LoginError: RegctlError, Equatable {
    case rejected(host: RegistryHost, status: Int)
    /// The registry rejected the cluster token of a login; `fix`: a new token, then the login again.
    case rejectedLogin(host: RegistryHost, status: Int, fix: Fix?)
    /// The registry's own account was refused.
    case rejectedAccount(host: RegistryHost, username: String, status: Int)
    case tls(host: RegistryHost, detail: String)
    case unreachable(host: RegistryHost, detail: String)
    case timedOut(host: RegistryHost, detail: String)
    case proxy(host: RegistryHost, detail: String)
    case serverError(host: RegistryHost, status: Int)
    case unexpectedAnswer(host: RegistryHost, detail: String)
    case emptyToken(host: RegistryHost)
    /// A cluster token would go somewhere the cluster does not vouch for, and nobody agreed.
    case unconfirmedDestination(host: RegistryHost, concerns: [String])
    case declined(host: RegistryHost)

    public var message: String {
        switch self {
        case .rejected(let host, let status), .rejectedLogin(let host, let status, _): "the registry \(host) rejected the token (HTTP \(status)); nothing was saved"
        case .rejectedAccount(let host, let username, let status):
            "the registry \(host) rejected the password of \(UntrustedText.escaped(username)) (HTTP \(status)); nothing was saved"
        case .tls(let host, let detail): "\(host) is not trusted: \(detail); nothing was saved"
        case .unreachable(let host, let detail): "cannot reach \(host): \(detail); nothing was saved"
        case .timedOut(let host, let detail): "\(host) \(detail); nothing was saved"
        case .proxy(let host, let detail): "cannot reach \(host): \(detail); nothing was saved"
        case .serverError(let host, let status): "the registry \(host) failed with HTTP \(status); nothing was saved"
        case .unexpectedAnswer(let host, let detail): "\(host) does not answer like a container registry: \(detail); nothing was saved"
        case .emptyToken: "no token on standard input"
        case .unconfirmedDestination(_, let concerns): concerns.joined(separator: "; ") + "; the cluster token was not sent"
        case .declined(let host): "the token was not sent to \(host); nothing was saved"
        }
    }

    public var fix: Fix? {
        switch self {
        case .rejectedLogin(_, _, let fix): fix
        case .rejectedAccount(let host, let username, _):
            Fixes.accountLogin(host, username: UntrustedText.escaped(username))
        case .tls(let host, _): .run(TrustClient.containers.fix.commandLine(for: host, source: "--from-server"))
        case .unreachable, .timedOut: .act("Check the host name and port, and that you are on the cluster's network.")
        case .proxy: .act("Check HTTPS_PROXY and NO_PROXY (podman, skopeo and docker read the same).")
        case .serverError: .act("The registry may be down; try again later.")
        case .emptyToken(let host): .run("oc whoami -t | regctl login \(host) --token-stdin")
        case .unconfirmedDestination(let host, _):
            .act("If \(host) should get your cluster token, run again with --yes; for the registry's own account: echo PASSWORD | regctl login \(host) -u USER --password-stdin")
        default: nil
        }
    }

    public var status: ExitStatus {
        switch self {
        case .emptyToken, .unconfirmedDestination: .usage
        default: .failed
        }
    }
}
