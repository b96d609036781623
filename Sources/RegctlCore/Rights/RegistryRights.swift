import FoundationEssentials

/// Asks the cluster bound to a registry's login exactly what OpenShift's integrated registry
/// will ask it, with the same token, before the engine runs: a `SelfSubjectAccessReview` of
/// `get` on `imagestreams/layers` to pull, `get` and `update` to push, and for a tag pushed to
/// an image stream that does not exist yet, `create` on `imagestreams`. Only logins bound to
/// a kubeconfig context have a cluster to ask.
public struct RegistryRights: Sendable {
    let environment: RegctlEnvironment
    let keyring: any CredentialStore
    let log = StepLog.logger("rights")

    public init(environment: RegctlEnvironment, keyring: any CredentialStore) {
        self.environment = environment
        self.keyring = keyring
    }

    /// Whether the user of HOST's login may `action` `image`; throws when there is no cluster
    /// to ask (``RightsError``) or the cluster cannot answer (``ClusterError``).
    public func check(_ action: PushPull.Action, _ image: ImageReference) async throws -> RightsAnswer {
        let (host, namespace, name) = try Self.parts(of: image)
        guard let entry = try RegctlConfigFile(environment: environment).load().registries[host.description] else {
            throw RightsError.notLoggedIn(host, fix: Fixes(environment: environment).renewal(host, entry: nil))
        }
        guard let binding = entry.binding else { throw RightsError.notBound(host) }
        let token = try await clusterToken(host, entry: entry, binding: binding)
        Redactor.shared.register(token.token)
        let credential = Credential(server: host.description, username: entry.username, secret: token.token)
        return try await OpenShiftAPI.with(token) { api in
            async let user = OpenShiftUser.account(with: api)
            async let get = AccessReview.ask("get", "imagestreams/layers", namespace: namespace, name: name, with: api)
            guard action == .push else {
                return RightsAnswer(image, action, namespace: namespace, name: name, user: try await user ?? entry.username, checks: [try await get], stream: nil)
            }
            async let update = AccessReview.ask("update", "imagestreams/layers", namespace: namespace, name: name, with: api)
            var checks = [try await get, try await update]
            var stream: StreamPresence?
            if image.digest == nil {
                let presence = try await StreamPresence.of(namespace, name, api: api, registry: host, credential: credential, environment: environment)
                if presence.state == .missing {
                    checks.append(try await AccessReview.ask("create", "imagestreams", namespace: namespace, name: nil, with: api))
                }
                stream = presence
            }
            return RightsAnswer(image, action, namespace: namespace, name: name, user: try await user ?? entry.username, checks: checks, stream: stream)
        }
    }

    /// HOST, project and name of `image`: OpenShift's registry has exactly `project/name`.
    static func parts(of image: ImageReference) throws(RightsError) -> (RegistryHost, String, String) {
        guard let host = image.host else { throw .noRegistry(image.description) }
        let components = image.path.split(separator: "/").map(String.init)
        guard components.count == 2 else { throw .notProjectPath(image.description) }
        return (host, components[0], components[1])
    }

    /// The token the login sends, with the cluster of the context it is bound to.
    private func clusterToken(_ host: RegistryHost, entry: RegctlConfig.Registry, binding: KubeconfigBinding) async throws -> OpenShiftToken {
        let resolution = try await CredentialResolver(environment: environment, keyring: keyring).resolve(host, for: .containers, entry: entry)
        if case .kubeconfig(let current) = resolution.source { return current.token }
        guard let sent = try await resolution.credential() else {
            throw RightsError.notLoggedIn(host, fix: Fixes(environment: environment).missingCredential(host, entry: entry, source: resolution.source))
        }
        let environment = environment
        return try await onOwnThread {
            let kubeconfig = try binding.kubeconfig(environment: environment)
            _ = try binding.user(in: kubeconfig)
            let found = try kubeconfig.user(ofContext: binding.context)
            return OpenShiftToken(token: sent.secret, context: binding.context, cluster: found.cluster, namespace: found.context.namespace)
        }.value
    }
}

extension StreamPresence {
    /// Asks the image stream API; where the user may not read streams (`system:image-pusher`),
    /// the registry's tags list with the login's credential: 200 for a repository that exists,
    /// 404 for one that does not.
    static func of(
        _ namespace: String, _ name: String, api: OpenShiftAPI, registry host: RegistryHost, credential: Credential, environment: RegctlEnvironment
    ) async throws(ClusterError) -> StreamPresence {
        struct Stream: Decodable, Sendable {}
        switch try await api.get("/apis/image.openshift.io/v1/namespaces/\(namespace)/imagestreams/\(name)", as: Stream.self) {
        case .found: return StreamPresence(state: .exists, source: "the image stream API")
        case .notFound: return StreamPresence(state: .missing, source: "the image stream API")
        case .forbidden: break
        }
        let roots = CertsDirectories(environment: environment).containersCertificates(for: host)
        let status = try? await RegistryAuthenticator(host: host, roots: roots).session { session in
            try await session.fetch("\(namespace)/\(name)/tags/list", with: credential).status.code
        }
        StepLog.logger("rights").debug("the registry's tags list of \(namespace)/\(name): \(status.map { "HTTP \($0)" } ?? "no answer")")
        let state: State = switch status { case 200: .exists; case 404: .missing; default: .unknown }
        return StreamPresence(state: state, source: "the registry's tags list")
    }
}
