import FoundationEssentials
import X509

/// The credential podman and skopeo would send for a registry (``CredentialResolver``), and
/// what the registry and the cluster say of it.
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

    func inspect(_ host: RegistryHost, entry: RegctlConfig.Registry?, found: CredentialLookup) async -> Outcome {
        var problems: [StatusProblem] = []
        let sent = await credential(host, entry: entry, found: found)
        let fixes = Fixes(environment: environment)
        if let problem = sent.bindingProblem, let binding = entry?.binding {
            problems.append(.init(
                area: .credential, severity: .warning,
                message: "the login follows kubeconfig context \(binding.context), which gives no token any more (\(problem.message)); clients get the stored copy",
                fix: fixes.renewal(host, entry: entry)
            ))
        }
        if let failure = sent.keyringFailure {
            problems.append(.init(area: .credential, severity: .failing, message: failure.message, fix: failure.fix))
        }
        let fix = if let entry, sent.source == .authFile, entry.store == .secretService {
            Fixes.removingPlain(found, host, authFiles, then: fixes.rewiring(host, entry: entry))
        } else {
            fixes.renewal(host, entry: entry)
        }
        if sent.secret == nil, sent.source != .otherHelper, !problems.contains(where: { $0.severity == .failing }) {
            problems.append(.init(
                area: .credential, severity: entry == nil ? .warning : .failing,
                message: "no credential for \(host)" + (entry == nil ? "; only anonymous pulls will work" : ""), fix: fix
            ))
        }
        var check = (verdict: CredentialStatus.Verdict.unchecked, unreachable: false, verifiedRoots: [Certificate]?.none)
        if let secret = sent.secret {
            Redactor.shared.register(secret)
            if !offline { check = await verify(secret, for: host, entry: entry, sent: sent, in: found.file, fix: fix, problems: &problems) }
        }
        let expiry = await expiry(of: sent, entry: entry)
        problems += expiryProblems(expiry, of: host, sent: sent, verdict: check.verdict, entry: entry, fix: fix, problems: &problems)
        let status = CredentialStatus(
            store: entry?.store, username: entry?.username, context: entry?.context,
            source: sent.source, registry: check.verdict, tokenExpiry: expiry
        )
        return Outcome(status: status, problems: problems, unreachable: check.unreachable, verifiedRoots: check.verifiedRoots)
    }

    /// Asks the registry whether it accepts `secret`, with the CAs podman uses.
    private func verify(
        _ secret: String, for host: RegistryHost, entry: RegctlConfig.Registry?, sent: Sent, in file: URL?, fix: Fix, problems: inout [StatusProblem]
    ) async -> (verdict: CredentialStatus.Verdict, unreachable: Bool, verifiedRoots: [Certificate]?) {
        let roots = CertsDirectories(environment: environment).containersCertificates(for: host)
        let credential = Credential(server: host.description, username: entry?.username ?? "openshift", secret: secret)
        do {
            let verdict = try await RegistryAuthenticator(host: host, roots: roots).verify(on: try caches.client(trusting: roots)) { credential }
            return (verdict == .accepted ? .accepted : .unverifiable, false, roots)
        } catch LoginError.rejected(_, let status) {
            let whose = switch sent.source {
            case .kubeconfig: " of kubeconfig context \(entry?.context ?? "")"
            case .authFile: " in \(file?.path ?? "the auth file")"
            default: ""
            }
            problems.append(.init(area: .credential, severity: .failing, message: "\(host) rejects the token\(whose) (HTTP \(status))", fix: fix))
            return (.rejected, false, roots)
        } catch LoginError.unreachable, LoginError.timedOut {
            return (.unchecked, true, nil)
        } catch LoginError.tls {
            // The trust checks say why.
        } catch let error as RegctlError {
            problems.append(.init(area: .network, severity: .failing, message: error.message, fix: error.fix))
        } catch {
            problems.append(.init(area: .network, severity: .failing, message: "\(error)", fix: nil))
        }
        return (.unchecked, false, nil)
    }

    /// The token's expiry: the cluster's word for a bound token, the JWT's own, or the one
    /// regctl recorded for the stored token.
    private func expiry(of sent: Sent, entry: RegctlConfig.Registry?) async -> Date? {
        guard let secret = sent.secret else { return nil }
        if let token = sent.boundToken, !offline, let expiry = await caches.expiry(of: token) { return expiry }
        if let expiry = TokenExpiry.jwtExpiry(secret) { return expiry }
        guard let record = entry?.token, record.id == TokenNames(config: RegctlConfigFile(environment: environment)).name(of: secret) else { return nil }
        return record.expiry
    }

    /// An expired or soon expiring token; for an exec plugin's token, that the plugin renews it.
    private func expiryProblems(
        _ expiry: Date?, of host: RegistryHost, sent: Sent, verdict: CredentialStatus.Verdict, entry: RegctlConfig.Registry?, fix: Fix, problems: inout [StatusProblem]
    ) -> [StatusProblem] {
        guard let expiry else { return [] }
        if sent.fromPlugin, expiry < Date() {
            // The helper runs the exec plugin for a new token when a client next asks.
            problems.removeAll { $0.area == .credential && $0.severity == .failing }
            return [.init(
                area: .credential, severity: .warning,
                message: "the stored token expired on \(expiry.formatted(.iso8601)); the exec plugin of kubeconfig context \(entry?.context ?? "") gives a new one when a client next asks",
                fix: entry.map { Fixes(environment: environment).pluginSignIn(host, entry: $0) }
            )]
        }
        guard verdict != .rejected else { return [] }
        if expiry < Date(), verdict != .accepted {
            return [.init(area: .credential, severity: .failing, message: "the token expired on \(expiry.formatted(.iso8601))", fix: fix)]
        }
        if expiry >= Date(), expiry < Date() + Self.expiryWarning {
            return [.init(
                area: .credential, severity: .warning,
                message: "the token expires on \(expiry.formatted(.iso8601)), within \(Int(Self.expiryWarning / 3600)) hours", fix: fix
            )]
        }
        return []
    }
}
