import FoundationEssentials

/// `regctl pull-secret`: the credential regctl holds for a registry (or a service account's
/// token, minted with the TokenRequest API and verified against the registry) as a
/// `kubernetes.io/dockerconfigjson` Secret; with `apply`, created or updated through the API
/// with the user's own token and linked to a service account as `oc secrets link` does.
public struct PullSecretMaker: Sendable {
    let environment: RegctlEnvironment
    let keyring: any CredentialStore
    let log = StepLog.logger("pull-secret")

    public init(environment: RegctlEnvironment, keyring: any CredentialStore) {
        self.environment = environment
        self.keyring = keyring
    }

    public func make(_ request: PullSecretRequest) async throws -> PullSecretReport {
        let host = request.host
        guard let entry = try RegctlConfigFile(environment: environment).load().registries[host.description] else {
            throw PullSecretError.notLoggedIn(host, fix: Fixes(environment: environment).renewal(host, entry: nil))
        }
        let name = request.secretName
        guard Self.isKubernetesName(name) else { throw PullSecretError.badName(name) }
        let cluster: PullSecretCluster? = if request.serviceAccount != nil || request.apply {
            try await PullSecretCluster.choose(for: request, entry: entry, environment: environment)
        } else { nil }
        let contextNamespace = request.context == nil ? boundNamespace(entry) : cluster?.namespace
        guard let namespace = request.namespace ?? contextNamespace else { throw PullSecretError.noNamespace(host) }

        var warnings: [String] = []
        let credential: Credential
        let expiry: Date?
        if let account = request.serviceAccount, let cluster {
            (credential, expiry) = try await serviceAccountCredential(account, namespace: namespace, request, access: cluster.access)
        } else {
            credential = try await storedCredential(host, entry: entry)
            let tokenName = TokenNames(config: RegctlConfigFile(environment: environment)).name(of: credential.secret)
            expiry = entry.token.flatMap { $0.id == tokenName ? $0.expiry : nil }
            let until = expiry.map { "until it expires on \($0.formatted(.iso8601))" } ?? "for as long as it is valid"
            warnings.append(
                "the secret holds your own token: whoever can read secrets in \(namespace) can act as \(credential.username), with all your rights, \(until); "
                    + "without --from-login it holds a service account's token, with only that account's rights"
            )
        }
        Redactor.shared.register(credential.secret)
        let secret = PullSecretRequest.secret(name: name, namespace: namespace, credential: credential)
        var changes: [PullSecretReport.Change] = []
        if request.apply, let cluster {
            changes = try await OpenShiftAPI.with(try cluster.access.token(environment: environment)) { api in
                var changes = [try await apply(secret, name: name, namespace: namespace, with: api)]
                if let account = request.link { changes.append(try await link(name, to: account, namespace: namespace, with: api)) }
                return changes
            }
        }
        return PullSecretReport(
            secret: secret, name: name, namespace: namespace, username: credential.username,
            serviceAccount: request.serviceAccount, expiry: expiry, changes: changes, warnings: warnings
        )
    }

    /// The namespace of the context the login follows.
    private func boundNamespace(_ entry: RegctlConfig.Registry) -> String? {
        guard let binding = entry.binding,
              let kubeconfig = try? binding.kubeconfig(environment: environment)
        else { return nil }
        return try? kubeconfig.user(ofContext: binding.context).context.namespace
    }

    /// What podman would send for `host`: a bound login's current token, the keyring's copy,
    /// or the plain entry of a `--store file` login.
    private func storedCredential(_ host: RegistryHost, entry: RegctlConfig.Registry) async throws -> Credential {
        let resolution = try await CredentialResolver(environment: environment, keyring: keyring).resolve(host, for: .containers, entry: entry)
        guard let credential = try await resolution.credential() else {
            throw PullSecretError.notLoggedIn(host, fix: Fixes(environment: environment).missingCredential(host, entry: entry, source: resolution.source))
        }
        return credential
    }

    /// A token of `account` from the TokenRequest API, verified against the registry.
    private func serviceAccountCredential(
        _ account: String, namespace: String, _ request: PullSecretRequest, access: ClusterAccess
    ) async throws -> (Credential, Date?) {
        let path = "/api/v1/namespaces/\(namespace)/serviceaccounts/\(account)/token"
        let body: JSONValue = .object([
            "apiVersion": .string("authentication.k8s.io/v1"), "kind": .string("TokenRequest"),
            "spec": .object(["expirationSeconds": .number(String(request.duration))]),
        ])
        let reply = try await OpenShiftAPI.with(try access.token(environment: environment)) { api in try await api.send(.POST, path, body: body) }
        guard (200..<300).contains(reply.status), let token = reply.body?["status"]?["token"]?.stringValue, !token.isEmpty else {
            throw PullSecretError.tokenRequestFailed(serviceAccount: account, detail: reply.body?["message"]?.stringValue ?? "HTTP \(reply.status)")
        }
        Redactor.shared.register(token)
        let expiry = reply.body?["status"]?["expirationTimestamp"]?.stringValue.flatMap(ExecCredentialPlugin.date)
        log.debug("service account \(namespace)/\(account) got a token until \(expiry.map { "\($0)" } ?? "an unknown time")")
        let credential = Credential(server: request.host.description, username: account, secret: token)
        let roots = CertsDirectories(environment: environment).containersCertificates(for: request.host)
        do {
            _ = try await RegistryAuthenticator(host: request.host, roots: roots).verify { credential }
        } catch LoginError.rejected {
            throw PullSecretError.serviceAccountRejected(host: request.host, serviceAccount: account, namespace: namespace)
        }
        return (credential, expiry)
    }

    /// Creates the Secret, or replaces it when it differs; says which.
    private func apply(_ secret: JSONValue, name: String, namespace: String, with api: OpenShiftAPI) async throws -> PullSecretReport.Change {
        let path = "/api/v1/namespaces/\(namespace)/secrets"
        let existing = try await api.send(.GET, "\(path)/\(name)")
        switch existing.status {
        case 404:
            let created = try await api.send(.POST, path, body: secret)
            guard (200..<300).contains(created.status) else { throw PullSecretError.applyFailed(Self.detail(created)) }
            return .created
        case 200:
            if existing.body?["type"] == secret["type"], existing.body?["data"] == secret["data"] { return .unchanged }
            var replacement = secret
            replacement["metadata"]?["resourceVersion"] = existing.body?["metadata"]?["resourceVersion"]
            let replaced = try await api.send(.PUT, "\(path)/\(name)", body: replacement)
            guard (200..<300).contains(replaced.status) else { throw PullSecretError.applyFailed(Self.detail(replaced)) }
            return .updated
        default:
            throw PullSecretError.applyFailed(Self.detail(existing))
        }
    }

    /// Adds the Secret to `account`'s `imagePullSecrets` unless it is there (`oc secrets link --for=pull`).
    private func link(_ name: String, to account: String, namespace: String, with api: OpenShiftAPI) async throws -> PullSecretReport.Change {
        let path = "/api/v1/namespaces/\(namespace)/serviceaccounts/\(account)"
        let found = try await api.send(.GET, path)
        guard found.status == 200, let serviceAccount = found.body else { throw PullSecretError.applyFailed(Self.detail(found)) }
        let listed: [JSONValue]
        if case .array(let items)? = serviceAccount["imagePullSecrets"] { listed = items } else { listed = [] }
        if listed.contains(where: { $0["name"]?.stringValue == name }) { return .alreadyLinked }
        let patch: JSONValue = .array([.object([
            "op": .string("add"),
            "path": .string(listed.isEmpty ? "/imagePullSecrets" : "/imagePullSecrets/-"),
            "value": listed.isEmpty ? .array([.object(["name": .string(name)])]) : .object(["name": .string(name)]),
        ])])
        let patched = try await api.send(.PATCH, path, body: patch, contentType: "application/json-patch+json")
        guard (200..<300).contains(patched.status) else { throw PullSecretError.applyFailed(Self.detail(patched)) }
        return .linked
    }

    private static func detail(_ reply: OpenShiftAPI.Reply) -> String {
        reply.body?["message"]?.stringValue ?? "HTTP \(reply.status)"
    }

    /// A DNS-1123 subdomain, as Kubernetes wants object names.
    static func isKubernetesName(_ name: String) -> Bool {
        guard let first = name.first, let last = name.last, name.count <= 253 else { return false }
        func alphanumeric(_ c: Character) -> Bool { c.isASCII && (c.isLowercase || c.isNumber) }
        return alphanumeric(first) && alphanumeric(last) && name.allSatisfy { alphanumeric($0) || $0 == "-" || $0 == "." }
    }
}
