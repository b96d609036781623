/// Everything that can go wrong while establishing trust in a registry's CA.
public enum TrustError: RegctlError {
    case unreadableFile(path: String, reason: String)
    case notPEM(source: String)
    case notACertificate(source: String, block: String)
    case malformedCertificate(source: String, index: Int, reason: String)
    case expired(subject: String, notAfter: String)
    case notYetValid(subject: String, notBefore: String)
    case notACA(subject: String)
    case doesNotVerifyServer(host: RegistryHost, reason: String)
    case serverUnreachable(host: RegistryHost, reason: String)
    case noCertificateFromServer(host: RegistryHost)
    case serverSentNoCA(host: RegistryHost)
    case fingerprintMismatch(FingerprintMismatch)
    /// `scope`: the `--scope` of the command that asked.
    case confirmationNeeded(host: RegistryHost, fingerprint: String, reason: String?, scope: TrustScope)
    case declined
    /// `command`: the same install with `--yes`, when it can be typed.
    case replacementNeedsConfirmation(host: RegistryHost, path: String, old: String, new: String, command: String?)
    case symbolicLink(path: String)
    case needsPrivileges(path: String, command: String)
    case privilegedStepFailed(command: String)
    case writeFailed(path: String, reason: String)
    case notTrusted(host: RegistryHost)
    case verificationFailed(host: RegistryHost, summary: String)
    case osStoreUnsupported(reason: String)
    case osStoreUpdateFailed(tool: String, detail: String)
    /// `reach`: what the CA vouches for there (``NameConstraintsText``).
    case osStoreNeedsConfirmation(reach: String)
    case osStoreWithUserScope
    case noSystemBundle(looked: [String])

    public var message: String {
        switch self {
        case .unreadableFile(let path, let reason): "cannot read \(path): \(reason)"
        case .notPEM(let source): "\(source) holds no PEM certificate (expected '-----BEGIN CERTIFICATE-----' blocks)"
        case .notACertificate(let source, let block):
            "\(source) contains a '\(block)' block; a CA bundle may hold certificates only (never a private key)"
        case .malformedCertificate(let source, let index, let reason): "certificate \(index) in \(source) does not parse: \(reason)"
        case .expired(let subject, let notAfter): "the certificate \(subject) expired on \(notAfter)"
        case .notYetValid(let subject, let notBefore): "the certificate \(subject) is not valid before \(notBefore)"
        case .notACA(let subject): "the certificate \(subject) is not a CA certificate and does not verify the server"
        case .doesNotVerifyServer(let host, let reason): "this CA does not verify the certificate \(host) presents: \(reason)"
        case .serverUnreachable(let host, let reason): "cannot reach \(host): \(reason)"
        case .noCertificateFromServer(let host): "\(host) sent no certificate"
        case .serverSentNoCA(let host): "\(host) sent only its own certificate, not the CA that issued it"
        case .fingerprintMismatch(let mismatch): mismatch.message
        case .confirmationNeeded(let host, let fingerprint, let reason, _):
            "not installing the CA \(host) presents (SHA-256 \(fingerprint)) without confirmation" + (reason.map { ": \($0)" } ?? "")
        case .declined: "nothing installed: the certificate was not accepted"
        case .replacementNeedsConfirmation(let host, let path, let old, let new, _):
            "\(path) already holds a different CA for \(host) (old SHA-256 \(old), new \(new))"
        case .symbolicLink(let path): "refusing to write through the symbolic link \(path)"
        case .needsPrivileges(let path, _): "writing \(path) needs root (--scope user installs for your user alone, without root)"
        case .privilegedStepFailed(let command): "the system-scope step run as root failed: \(command)"
        case .writeFailed(let path, let reason): "cannot write \(path): \(reason)"
        case .notTrusted(let host): "no CA is installed for \(host)"
        case .verificationFailed(let host, let summary): "TLS verification of \(host) failed: \(summary)"
        case .osStoreUnsupported(let reason): "cannot use the operating system's trust store here: \(reason)"
        case .osStoreUpdateFailed(let tool, let detail): "\(tool) failed: \(detail)"
        case .osStoreNeedsConfirmation(let reach): "--os-store needs confirmation: \(reach)"
        case .osStoreWithUserScope: "--os-store changes the whole system and cannot go with --scope user"
        case .noSystemBundle(let looked): "no system CA bundle found (looked for \(looked.joined(separator: ", ")))"
        }
    }

    public var fix: Fix? {
        switch self {
        case .doesNotVerifyServer, .notACA: .act("Get the CA that issued the registry's certificate (for OpenShift: the ingress CA).")
        case .serverUnreachable(let host, _): .act("Check the host and port, or give the CA with --ca-file (it is then checked when \(host) is reachable).")
        case .serverSentNoCA: .act("Get the CA from your cluster administrator and install it with --ca-file.")
        case .fingerprintMismatch(let mismatch): mismatch.fix
        case .confirmationNeeded(let host, let fingerprint, _, let scope):
            Fix(steps: [.act("Check the fingerprint"), .run("regctl trust install \(host) --from-server --fingerprint \(fingerprint) --scope \(scope.rawValue)")])
        case .replacementNeedsConfirmation(_, _, _, _, let command): command.map { .run($0) } ?? .act("Run again with --yes to replace it.")
        case .needsPrivileges(_, let command): .run(command)
        case .privilegedStepFailed: .act("Nothing more was written to the system scope; --scope user works without root.")
        case .notTrusted(let host), .verificationFailed(let host, _): .run(TrustClient.containers.fix.commandLine(for: host, source: "--from-server"))
        case .osStoreUnsupported: .act("Use the certs.d directories (without --os-store), or give the clients a bundle: regctl trust bundle HOST --output FILE")
        case .osStoreUpdateFailed: .act("The anchors directory was put back as it was; run with -v to see the tool's output.")
        case .osStoreNeedsConfirmation: .act("Run it at a terminal to confirm, or add --yes.")
        case .osStoreWithUserScope: .act("Use --scope system or all with --os-store, or leave --os-store out.")
        case .noSystemBundle: .act("Install the distribution's ca-certificates package, which provides the system CA bundle.")
        default: nil
        }
    }

    public var status: ExitStatus {
        switch self {
        case .unreadableFile, .notPEM, .notACertificate, .malformedCertificate, .expired, .notYetValid, .notACA,
             .confirmationNeeded, .replacementNeedsConfirmation, .osStoreNeedsConfirmation, .osStoreWithUserScope:
            .usage
        case .needsPrivileges, .privilegedStepFailed: .needsPrivileges
        default: .failed
        }
    }
}
