import FoundationEssentials
import Glibc
import Synchronization

/// A kubeconfig user's `exec` credential plugin (OIDC, SSO), run as client-go runs it: the
/// command with its arguments, the caller's environment plus `env`, `KUBERNETES_EXEC_INFO`
/// in the configured API version, standard input only when interactive, standard error to
/// the user. Its ExecCredential's `status.token` and `status.expirationTimestamp` are read.
public struct ExecCredentialPlugin: Sendable, Hashable {
    public enum InteractiveMode: String, Sendable {
        case never = "Never", ifAvailable = "IfAvailable", always = "Always"
    }

    /// A token the plugin gave, with its expiry when the plugin said it.
    public struct Output: Sendable, Equatable {
        public let token: String
        public let expiry: Date?
    }

    public let apiVersion: String
    /// The command as the kubeconfig gives it, resolved against the kubeconfig's directory
    /// when it holds a `/`; a bare name is looked up in PATH when the plugin runs.
    public let command: String
    public let arguments: [String]
    public let environment: [String: String]
    public let installHint: String?
    public let provideClusterInfo: Bool
    /// As configured; nil when the kubeconfig leaves it out (an error for v1).
    public let interactiveMode: InteractiveMode?

    package init(
        apiVersion: String, command: String, arguments: [String], environment: [String: String],
        installHint: String?, provideClusterInfo: Bool, interactiveMode: InteractiveMode?
    ) {
        self.apiVersion = apiVersion
        self.command = command
        self.arguments = arguments
        self.environment = environment
        self.installHint = installHint
        self.provideClusterInfo = provideClusterInfo
        self.interactiveMode = interactiveMode
    }

    static let supportedVersions = ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"]
    /// How long a plugin may take: long enough for a person at a browser, or for a refresh.
    static let interactiveTimeout: Duration = .seconds(300)
    static let backgroundTimeout: Duration = .seconds(30)

    /// The plugin's token for `context`: the one it gave earlier in this process while that
    /// has not expired (client-go keeps it in memory the same way, so `setup` runs the plugin
    /// once), else a new one. `terminal` says whether a person can answer the plugin
    /// (standard input is a terminal); the plugin's mode decides whether it is asked to.
    public func token(
        context: String, cluster: Kubeconfig.Cluster, terminal: Bool, environment caller: RegctlEnvironment, now: Date = Date()
    ) throws(ExecPluginError) -> Output {
        let key = CacheKey(plugin: self, server: cluster.server)
        if let kept = Self.given.withLock({ $0[key] }), kept.expiry.map({ $0 > now }) ?? true { return kept }
        let output = try run(context: context, cluster: cluster, terminal: terminal, environment: caller)
        Self.given.withLock { $0[key] = output }
        return output
    }

    private struct CacheKey: Hashable {
        let plugin: ExecCredentialPlugin
        let server: String
    }

    private static let given = Mutex<[CacheKey: Output]>([:])

    private func run(
        context: String, cluster: Kubeconfig.Cluster, terminal: Bool, environment caller: RegctlEnvironment
    ) throws(ExecPluginError) -> Output {
        guard Self.supportedVersions.contains(apiVersion) else { throw .unsupportedVersion(context: context, apiVersion) }
        guard let mode = interactiveMode ?? (apiVersion.hasSuffix("/v1beta1") ? .ifAvailable : nil) else {
            throw .missingInteractiveMode(context: context)
        }
        let interactive: Bool
        switch mode {
        case .never: interactive = false
        case .ifAvailable: interactive = terminal
        case .always:
            guard terminal else { throw .needsPerson(context: context) }
            interactive = true
        }
        guard let located = Self.locate(command, path: caller.variables["PATH"] ?? "/usr/local/bin:/usr/bin:/bin") else {
            throw .notInstalled(context: context, command: command, installHint: installHint)
        }
        let path = try runnable(located, context: context, environment: caller)
        var variables = caller.variables.merging(environment) { $1 }
        variables["KUBERNETES_EXEC_INFO"] = execInfo(interactive: interactive, cluster: cluster)
        let outcome: SpawnedCommand.Outcome
        do {
            outcome = try SpawnedCommand.run(
                path, arguments: arguments, environment: variables, passStandardInput: interactive,
                timeout: interactive ? Self.interactiveTimeout : Self.backgroundTimeout
            )
        } catch {
            guard error.code != ENOENT else { throw .notInstalled(context: context, command: command, installHint: installHint) }
            throw .cannotStart(context: context, command: command, reason: SystemErrorText.text(error.code))
        }
        guard !outcome.timedOut else { throw .failed(context: context, command: command, reason: "gave no answer in time", interactive: interactive) }
        guard outcome.exitCode == 0 else {
            let reason = outcome.exitCode.map { "exited with status \($0)" } ?? "was killed by a signal"
            throw .failed(context: context, command: command, reason: reason, interactive: interactive)
        }
        return try decode(outcome.output, context: context)
    }

    /// The program to start for `located`: its target, once root alone (as root) or the user
    /// alone controls that, so that no other user chooses it or swaps it before the start.
    private func runnable(_ located: String, context: String, environment caller: RegctlEnvironment) throws(ExecPluginError) -> String {
        let resolved: String?
        if caller.isRoot {
            do {
                resolved = try RootSafeFile.resolve(located, kind: .execPlugin)
            } catch {
                throw .refusedAsRoot(context: context, error)
            }
        } else {
            do {
                resolved = try UserOwnership.current.resolve(located, kind: .execPlugin)
            } catch {
                throw .notYours(error)
            }
        }
        guard let resolved else { throw .notInstalled(context: context, command: command, installHint: installHint) }
        return resolved
    }

    /// `KUBERNETES_EXEC_INFO`: an ExecCredential with `spec.interactive` and, when asked
    /// for, `spec.cluster`.
    func execInfo(interactive: Bool, cluster: Kubeconfig.Cluster) -> String {
        var spec: JSONValue = .object(["interactive": .bool(interactive)])
        if provideClusterInfo {
            var info: JSONValue = .object(["server": .string(cluster.server)])
            if let name = cluster.tlsServerName { info["tls-server-name"] = .string(name) }
            if cluster.insecureSkipTLSVerify { info["insecure-skip-tls-verify"] = .bool(true) }
            if let pem = cluster.certificateAuthorityPEM {
                info["certificate-authority-data"] = .string(Data(pem.utf8).base64EncodedString())
            }
            if let proxy = cluster.proxyURL { info["proxy-url"] = .string(proxy) }
            spec["cluster"] = info
        }
        let credential: JSONValue = .object(["kind": .string("ExecCredential"), "apiVersion": .string(apiVersion), "spec": spec])
        return credential.serialized(indent: nil)
    }

    /// The token and expiry of the plugin's standard output, an ExecCredential in `apiVersion`.
    package func decode(_ output: [UInt8], context: String) throws(ExecPluginError) -> Output {
        struct Credential: Decodable {
            struct Status: Decodable {
                let token: String?
                let expirationTimestamp: String?
                let clientCertificateData: String?
            }
            let apiVersion: String?
            let kind: String?
            let status: Status?
        }
        guard let credential = try? JSONDecoder().decode(Credential.self, from: Data(output)), credential.kind == "ExecCredential" else {
            throw .malformedOutput(context: context, command: command, detail: "its output is not an ExecCredential")
        }
        guard credential.apiVersion == apiVersion else {
            throw .malformedOutput(context: context, command: command, detail: "it answered in \(credential.apiVersion ?? "no apiVersion"), not \(apiVersion)")
        }
        guard let status = credential.status else {
            throw .malformedOutput(context: context, command: command, detail: "its ExecCredential has no status")
        }
        guard let token = status.token, !token.isEmpty else {
            if status.clientCertificateData != nil { throw .certificateOnly(context: context, command: command) }
            throw .malformedOutput(context: context, command: command, detail: "its ExecCredential has no token")
        }
        var expiry: Date?
        if let text = status.expirationTimestamp {
            guard let date = Self.date(text) else {
                throw .malformedOutput(context: context, command: command, detail: "expirationTimestamp \(text) is not an RFC 3339 time")
            }
            expiry = date
        }
        return Output(token: token, expiry: expiry)
    }

    static func date(_ text: String) -> Date? {
        (try? Date(text, strategy: .iso8601)) ?? (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
    }

    /// The program to run: `command` itself when it holds a `/`, else the first executable
    /// of that name in `path`.
    static func locate(_ command: String, path: String) -> String? {
        guard !command.isEmpty else { return nil }
        if command.contains("/") { return access(command, F_OK) == 0 ? command : nil }
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(command)"
            var info = stat()
            if stat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}

/// Why an exec credential plugin gave no token.
public enum ExecPluginError: RegctlError, Equatable {
    case unsupportedVersion(context: String, String)
    case missingInteractiveMode(context: String)
    case notInstalled(context: String, command: String, installHint: String?)
    case needsPerson(context: String)
    case cannotStart(context: String, command: String, reason: String)
    case failed(context: String, command: String, reason: String, interactive: Bool)
    case malformedOutput(context: String, command: String, detail: String)
    case certificateOnly(context: String, command: String)
    /// regctl runs as root, and another user controls the plugin (``RootSafeFile``).
    case refusedAsRoot(context: String, RootSafeFile.Refusal)
    /// Another user can change the plugin (``UserOwnership``).
    case notYours(UserOwnership.Refusal)

    public var message: String {
        switch self {
        case .unsupportedVersion(let context, let version):
            "the exec plugin of kubeconfig context \(context) asks for apiVersion \(version); regctl speaks client.authentication.k8s.io/v1 and v1beta1"
        case .missingInteractiveMode(let context):
            "the exec plugin of kubeconfig context \(context) has no interactiveMode, which client.authentication.k8s.io/v1 requires"
        case .notInstalled(let context, let command, _):
            "the exec plugin \(command) of kubeconfig context \(context) is not installed"
        case .needsPerson(let context):
            "the exec plugin of kubeconfig context \(context) needs a person at a terminal to sign in"
        case .cannotStart(let context, let command, let reason):
            "the exec plugin \(command) of kubeconfig context \(context) cannot be started: \(reason)"
        case .failed(let context, let command, let reason, _):
            "the exec plugin \(command) of kubeconfig context \(context) \(reason)"
        case .malformedOutput(let context, let command, let detail):
            "the exec plugin \(command) of kubeconfig context \(context) gave no usable token: \(detail)"
        case .certificateOnly(let context, let command):
            "the exec plugin \(command) of kubeconfig context \(context) gives a client certificate, and a registry needs a token"
        case .refusedAsRoot(_, let refusal): refusal.message
        case .notYours(let refusal): refusal.message
        }
    }

    public var fix: Fix? {
        switch self {
        case .notInstalled(_, _, let hint?): .act(hint)
        case .notInstalled: .act("Install it, or set the kubeconfig's exec command to where it is.")
        case .cannotStart: .act("Make it executable, or point the kubeconfig's exec command at the program.")
        case .needsPerson, .failed(_, _, _, false): .act("Sign in at a terminal: run `regctl login HOST` (or `oc login`), then try again.")
        case .failed: .act("Its own message above says why; fix that and log in again.")
        case .unsupportedVersion, .missingInteractiveMode, .malformedOutput: .act("Fix the user's exec section in the kubeconfig, or log in with `oc login` to get a token.")
        case .certificateOnly: .act("Log in with a token instead: `oc login --token=…`, or `regctl login HOST --token-stdin`.")
        case .refusedAsRoot(_, let refusal): refusal.fix
        case .notYours(let refusal): refusal.fix
        }
    }

    public var status: ExitStatus {
        switch self {
        case .unsupportedVersion, .missingInteractiveMode, .notInstalled, .refusedAsRoot, .notYours: .usage
        default: .failed
        }
    }
}
