import FoundationEssentials
import X509

/// The credential a client would send for a registry — the bound context's current token,
/// else the stored copy — and what the registry and the cluster say of it.
struct CredentialInspection: Sendable {
    let environment: RegctlEnvironment
    let keyring: any CredentialStore
    let caches: StatusCaches
    let offline: Bool
    let authFiles: AuthFiles

    /// How close an expiry must be to warn: less than a working day. OpenShift's tokens last
    /// 24 hours by default, so "within a day" would warn about every fresh `oc login`.
    static let expiryWarning: TimeInterval = 8 * 3600

    struct Outcome {
        let status: CredentialStatus
        let problems: [StatusProblem]
        /// Set when the registry could not be reached.
        let unreachable: Bool
        /// The CAs (besides the system's) with which the registry's certificate verified, when
        /// a request reached it: the containers clients' trust is then proven.
        let verifiedRoots: [Certificate]?
    }

    func inspect(_ host: RegistryHost, entry: RegctlConfig.Registry?, found: AuthFiles.Found) async -> Outcome {
        var problems: [StatusProblem] = []
        var source = CredentialStatus.Source.none
        var secret: String?
        var boundToken: OpenShiftToken?
        var renewedByPlugin = false
        if entry?.store == .secretService, found.helper == nil, let plain = found.auth.flatMap { Credential(auth: $0, server: host.description)?.secret } {
            // A plain entry read before regctl's helper is what podman sends (the wiring says so).
            (secret, source) = (plain, .authFile)
        } else if let binding = entry?.binding {
            do {
                boundToken = try caches.token(of: binding)
                if let boundToken { (secret, source) = (boundToken.token, .kubeconfig) } else { renewedByPlugin = true }
            } catch {
                problems.append(.init(
                    area: .credential, severity: .warning,
                    message: "the login follows kubeconfig context \(binding.context), which gives no token any more (\(error.message)); clients get the stored copy",
                    fix: "oc login \(binding.cluster)"
                ))
            }
        }
        let fix = source == .authFile && entry?.store == .secretService
            ? WiringInspection.removal(of: found, host, authFiles, then: "regctl login \(host)")
            : renewal(host, entry: entry, cluster: entry?.binding?.cluster)
        if secret == nil {
            do {
                (secret, source) = try await stored(host, entry: entry, found: found)
            } catch let error as any RegctlError {
                problems.append(.init(area: .credential, severity: .failing, message: error.message, fix: error.advice))
            } catch {
                problems.append(.init(area: .credential, severity: .failing, message: "\(error)", fix: nil))
            }
        }
        if secret == nil, source == .none, !problems.contains(where: { $0.severity == .failing }) {
            problems.append(.init(
                area: .credential, severity: entry == nil ? .warning : .failing,
                message: "no credential for \(host)" + (entry == nil ? "; only anonymous pulls will work" : ""),
                fix: entry == nil ? "regctl setup \(host)" : fix
            ))
        }
        if let secret { Redactor.shared.register(secret) }

        var verdict = CredentialStatus.Verdict.unchecked
        var unreachable = false
        var verifiedRoots: [Certificate]?
        if let secret, !offline {
            let roots = CertsDirectories(environment: environment).containersCertificates(for: host)
            do {
                verdict = try await RegistryAuthenticator(host: host, roots: roots).session(on: try caches.client(trusting: roots)) { session in
                    let challenge = try await session.challenge()
                    verifiedRoots = roots
                    guard let challenge else { return .unverifiable }
                    try await session.answer(challenge, with: Credential(server: host.description, username: entry?.username ?? "openshift", secret: secret))
                    return .accepted
                }
            } catch LoginError.rejected(_, let status) {
                verdict = .rejected
                let whose = switch source {
                case .kubeconfig: " of kubeconfig context \(entry?.context ?? "")"
                case .authFile: " in \(found.file?.path ?? "the auth file")"
                default: ""
                }
                problems.append(.init(area: .credential, severity: .failing, message: "\(host) rejects the token\(whose) (HTTP \(status))", fix: fix))
            } catch LoginError.unreachable, LoginError.timedOut {
                unreachable = true
            } catch LoginError.tls {
                // The trust checks say why.
            } catch let error as RegctlError {
                problems.append(.init(area: .network, severity: .failing, message: error.message, fix: error.advice))
            } catch {
                problems.append(.init(area: .network, severity: .failing, message: "\(error)", fix: nil))
            }
        }

        var expiry: Date?
        if let secret {
            if let boundToken, !offline { expiry = await caches.expiry(of: boundToken) }
            expiry = expiry ?? TokenExpiry.jwtExpiry(secret)
            if expiry == nil, let record = entry?.token, record.id == TokenExpiry.identifier(of: secret) { expiry = record.expiry }
        }
        if renewedByPlugin, let expiry, expiry < Date() {
            // The helper runs the exec plugin for a new token when a client next asks.
            problems.removeAll { $0.area == .credential && $0.severity == .failing }
            problems.append(.init(
                area: .credential, severity: .warning,
                message: "the stored token expired on \(expiry.formatted(.iso8601)); the exec plugin of kubeconfig context \(entry?.context ?? "") gives a new one when a client next asks",
                fix: "regctl login \(host), if the plugin needs you to sign in"
            ))
        } else if let expiry, verdict != .rejected {
            if expiry < Date(), verdict != .accepted {
                problems.append(.init(area: .credential, severity: .failing, message: "the token expired on \(expiry.formatted(.iso8601))", fix: fix))
            } else if expiry >= Date(), expiry < Date() + Self.expiryWarning {
                problems.append(.init(
                    area: .credential, severity: .warning,
                    message: "the token expires on \(expiry.formatted(.iso8601)), within \(Int(Self.expiryWarning / 3600)) hours", fix: fix
                ))
            }
        }
        let status = CredentialStatus(
            store: entry?.store, username: entry?.username, context: entry?.context,
            source: source, registry: verdict, tokenExpiry: expiry
        )
        return Outcome(status: status, problems: problems, unreachable: unreachable, verifiedRoots: verifiedRoots)
    }

    /// The secret regctl's store holds for `host`, or the plain one the auth files hold.
    private func stored(_ host: RegistryHost, entry: RegctlConfig.Registry?, found: AuthFiles.Found) async throws -> (String?, CredentialStatus.Source) {
        if entry?.store == .secretService || (entry == nil && found.helper == AuthFiles.helperSuffix) {
            let (keyring, caches) = (keyring, caches)
            let credential = try await onOwnThread { try caches.readKeyring { try keyring.get(server: host.description) } }.value
            return (credential?.secret, credential == nil ? .none : .keyring)
        }
        if let secret = found.auth.flatMap { Credential(auth: $0, server: host.description)?.secret } { return (secret, .authFile) }
        return (nil, found.helper == nil ? .none : .otherHelper)
    }

    /// What renews the token: `oc login` for a login that follows a context, else a new login.
    private func renewal(_ host: RegistryHost, entry: RegctlConfig.Registry?, cluster: String?) -> String {
        guard entry?.binding != nil else { return "regctl login \(host)" }
        return "oc login \(cluster ?? ""); regctl picks the new token up by itself"
    }
}
