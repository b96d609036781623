import FoundationEssentials

/// A kubeconfig as `oc` sees it, merged from one or more files.
///
/// Resolution follows client-go: an explicit `--kubeconfig` file alone; else the
/// `KUBECONFIG` list (`:`-separated, missing files skipped, the first file to define a
/// context, cluster or user name wins, the first `current-context` wins); else
/// `~/.kube/config`. Relative paths inside a file are relative to that file.
public struct Kubeconfig: Sendable {
    public struct Context: Sendable, Equatable {
        public let cluster: String
        public let user: String
        /// The context's namespace (the OpenShift project), if it names one.
        public var namespace: String? = nil
    }

    public struct Cluster: Sendable, Equatable {
        public let server: String
        /// PEM text of the cluster CA, from `certificate-authority-data` or the file it names.
        public let certificateAuthorityPEM: String?
        public let insecureSkipTLSVerify: Bool
        /// The `certificate-authority` file, resolved, when the kubeconfig names one.
        public var certificateAuthorityFile: String? = nil
        public var tlsServerName: String? = nil
        public var proxyURL: String? = nil
    }

    public struct User: Sendable, Equatable {
        public let token: String?
        /// `tokenFile`, resolved against the kubeconfig's directory.
        public let tokenFile: String?
        public let hasClientCertificate: Bool
        /// The exec credential plugin, when the user has one.
        public var exec: ExecCredentialPlugin? = nil
        public let hasAuthProvider: Bool

        public var hasExec: Bool { exec != nil }
    }

    public var currentContext: String?
    public var contexts: [String: Context] = [:]
    public var clusters: [String: Cluster] = [:]
    public var users: [String: User] = [:]
    /// The files that were read, in order.
    public var files: [String] = []
    /// The files that were looked for, read or not.
    public var searched: [String] = []
    /// Whether the process that loaded it runs as root: then every file it names is read or
    /// run only when root alone controls it (``RootSafeFile``), else only when no user but
    /// the one it runs as can change it (``UserOwnership``).
    var runsAsRoot = false

    /// Loads the kubeconfig of `environment`, or of `explicitPath` when given.
    public static func load(environment: RegctlEnvironment, explicitPath: String? = nil) throws(KubeconfigError) -> Kubeconfig {
        var merged = Kubeconfig()
        merged.runsAsRoot = environment.isRoot
        merged.searched = paths(environment: environment, explicitPath: explicitPath)
        for path in merged.searched {
            var read: Data?
            if let source = try merged.source(path, .kubeconfig) {
                do {
                    read = try BoundedFile.contents(of: source, limit: BoundedFile.kubeconfigLimit)
                } catch {
                    throw .unreadable("\(path) (\(error.reason))")
                }
            }
            guard let data = read else {
                if explicitPath != nil { throw .unreadable(path) }
                continue
            }
            try merged.merge(KubeconfigFile.parse(data, path: path), from: path)
        }
        return merged
    }

    /// The file to read for `path`: its target, once root alone (as root) or the user alone
    /// controls that (nil: there is none).
    func source(_ path: String, _ kind: RootSafeFile.Kind) throws(KubeconfigError) -> String? {
        guard runsAsRoot else {
            do {
                return try UserOwnership.current.resolve(path, kind: kind)
            } catch {
                throw .notYours(error)
            }
        }
        do {
            return try RootSafeFile.resolve(path, kind: kind)
        } catch {
            throw .refusedAsRoot(error)
        }
    }

    static func paths(environment: RegctlEnvironment, explicitPath: String?) -> [String] {
        if let explicitPath { return [explicitPath] }
        if let list = environment.variables["KUBECONFIG"], !list.isEmpty {
            return list.split(separator: ":").map(String.init).filter { !$0.isEmpty }
        }
        return [environment.home.appendingPathComponent(".kube/config").path]
    }

    private mutating func merge(_ file: KubeconfigFile, from path: String) throws(KubeconfigError) {
        files.append(path)
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        func resolve(_ file: String) -> String {
            file.hasPrefix("/") ? file : directory.appendingPathComponent(file).path
        }
        if currentContext == nil, let current = file.currentContext, !current.isEmpty { currentContext = current }
        for entry in file.contexts ?? [] where contexts[entry.name] == nil {
            contexts[entry.name] = Context(cluster: entry.body?.cluster ?? "", user: entry.body?.user ?? "", namespace: entry.body?.namespace)
        }
        for entry in file.clusters ?? [] where clusters[entry.name] == nil {
            let cluster = entry.body
            var pem: String?
            let caFile = cluster?.certificateAuthorityData == nil ? cluster?.certificateAuthority.map(resolve) : nil
            if let data = cluster?.certificateAuthorityData {
                guard let decoded = Data(base64Encoded: data), let text = String(data: decoded, encoding: .utf8) else {
                    throw .malformed(path: path, detail: "certificate-authority-data of cluster \(entry.name) is not base64 PEM")
                }
                pem = text
            } else if let caFile, let source = try self.source(caFile, .certificateAuthority) {
                pem = (try? BoundedFile.contents(of: source, limit: BoundedFile.certificateLimit)).flatMap { String(data: $0, encoding: .utf8) }
            }
            clusters[entry.name] = Cluster(
                server: cluster?.server ?? "", certificateAuthorityPEM: pem, insecureSkipTLSVerify: cluster?.insecureSkipTLSVerify ?? false,
                certificateAuthorityFile: caFile, tlsServerName: cluster?.tlsServerName, proxyURL: cluster?.proxyURL
            )
        }
        for entry in file.users ?? [] where users[entry.name] == nil {
            let user = entry.body
            users[entry.name] = User(
                token: user?.token.flatMap { $0.isEmpty ? nil : $0 },
                tokenFile: user?.tokenFile.map(resolve),
                hasClientCertificate: user?.clientCertificate != nil || user?.clientCertificateData != nil,
                exec: try user?.exec.map { exec throws(KubeconfigError) in try exec.plugin(user: entry.name, path: path, resolve: resolve) },
                hasAuthProvider: user?.hasAuthProvider ?? false
            )
        }
    }
}

/// One kubeconfig file as YAML lays it out.
package struct KubeconfigFile {
    /// An entry of `contexts`, `clusters` or `users`: its name and its section.
    struct Named<Body> { let name: String; let body: Body? }

    struct ContextBody { let cluster: String?; let user: String?; let namespace: String? }

    struct ClusterBody {
        let server: String?
        let certificateAuthority: String?
        let certificateAuthorityData: String?
        let insecureSkipTLSVerify: Bool?
        let tlsServerName: String?
        let proxyURL: String?
    }

    struct UserBody {
        let token: String?
        let tokenFile: String?
        let clientCertificate: String?
        let clientCertificateData: String?
        let exec: ExecBody?
        /// An `auth-provider` section is there (regctl does not use it).
        let hasAuthProvider: Bool
    }

    let currentContext: String?
    let contexts: [Named<ContextBody>]?
    let clusters: [Named<ClusterBody>]?
    let users: [Named<UserBody>]?

    /// Parses a kubeconfig's YAML (``YAMLDocument``) and reads its shape by hand (``JSONShape``).
    package static func parse(_ data: Data, path: String) throws(KubeconfigError) -> KubeconfigFile {
        guard !data.allSatisfy({ [9, 10, 13, 32].contains($0) }) else {
            return KubeconfigFile(currentContext: nil, contexts: nil, clusters: nil, users: nil)
        }
        let document: JSONValue
        do {
            document = try YAMLDocument.parse(Array(data))
        } catch {
            throw .malformed(path: path, detail: error.description)
        }
        do {
            return try KubeconfigFile(JSONShape(document).members())
        } catch {
            throw .malformed(path: path, detail: error.detail)
        }
    }
}

extension KubeconfigFile {
    fileprivate init(_ root: JSONShape.Members) throws(JSONShape.Mismatch) {
        currentContext = try root.optional("current-context")?.string()
        contexts = try Self.named(root, "contexts", body: "context") { fields throws(JSONShape.Mismatch) in
            ContextBody(cluster: try fields.optional("cluster")?.string(), user: try fields.optional("user")?.string(), namespace: try fields.optional("namespace")?.string())
        }
        clusters = try Self.named(root, "clusters", body: "cluster") { fields throws(JSONShape.Mismatch) in
            ClusterBody(
                server: try fields.optional("server")?.string(),
                certificateAuthority: try fields.optional("certificate-authority")?.string(),
                certificateAuthorityData: try fields.optional("certificate-authority-data")?.string(),
                insecureSkipTLSVerify: try fields.optional("insecure-skip-tls-verify")?.bool(),
                tlsServerName: try fields.optional("tls-server-name")?.string(),
                proxyURL: try fields.optional("proxy-url")?.string()
            )
        }
        users = try Self.named(root, "users", body: "user") { fields throws(JSONShape.Mismatch) in
            UserBody(
                token: try fields.optional("token")?.string(),
                tokenFile: try fields.optional("tokenFile")?.string(),
                clientCertificate: try fields.optional("client-certificate")?.string(),
                clientCertificateData: try fields.optional("client-certificate-data")?.string(),
                exec: try fields.optional("exec").map { exec throws(JSONShape.Mismatch) in try ExecBody(exec.members()) },
                hasAuthProvider: fields.optional("auth-provider") != nil
            )
        }
    }

    /// The list `key`: each entry a `name` and, under `bodyKey`, a section that `read` reads.
    private static func named<Body>(
        _ root: JSONShape.Members, _ key: String, body bodyKey: String, _ read: (JSONShape.Members) throws(JSONShape.Mismatch) -> Body
    ) throws(JSONShape.Mismatch) -> [Named<Body>]? {
        try root.optional(key)?.elements().map { entry throws(JSONShape.Mismatch) in
            let fields = try entry.members()
            let name = try fields.required("name").string()
            return Named(name: name, body: try fields.optional(bodyKey).map { section throws(JSONShape.Mismatch) in try read(try section.members()) })
        }
    }
}

/// A user's `exec` section.
struct ExecBody {
    let apiVersion: String?
    let command: String?
    let args: [String]?
    let env: [(name: String, value: String)]?
    let installHint: String?
    let provideClusterInfo: Bool?
    let interactiveMode: String?

    init(_ fields: JSONShape.Members) throws(JSONShape.Mismatch) {
        apiVersion = try fields.optional("apiVersion")?.string()
        command = try fields.optional("command")?.string()
        args = try fields.optional("args")?.elements().map { argument throws(JSONShape.Mismatch) in try argument.string() }
        env = try fields.optional("env")?.elements().map { variable throws(JSONShape.Mismatch) in
            let members = try variable.members()
            return (try members.required("name").string(), try members.required("value").string())
        }
        installHint = try fields.optional("installHint")?.string()
        provideClusterInfo = try fields.optional("provideClusterInfo")?.bool()
        interactiveMode = try fields.optional("interactiveMode")?.string()
    }

    /// The plugin, with a relative command that holds a `/` resolved as `resolve` does.
    func plugin(user: String, path: String, resolve: (String) -> String) throws(KubeconfigError) -> ExecCredentialPlugin {
        guard let command, !command.isEmpty else { throw .malformed(path: path, detail: "the exec section of user \(user) has no command") }
        var mode: ExecCredentialPlugin.InteractiveMode?
        if let interactiveMode {
            guard let known = ExecCredentialPlugin.InteractiveMode(rawValue: interactiveMode) else {
                throw .malformed(path: path, detail: "the exec section of user \(user) has interactiveMode \(interactiveMode); Never, IfAvailable or Always")
            }
            mode = known
        }
        return ExecCredentialPlugin(
            apiVersion: apiVersion ?? "", command: command.contains("/") ? resolve(command) : command, arguments: args ?? [],
            environment: Dictionary((env ?? []).map { ($0.name, $0.value) }) { $1 }, installHint: installHint,
            provideClusterInfo: provideClusterInfo ?? false, interactiveMode: mode
        )
    }
}
