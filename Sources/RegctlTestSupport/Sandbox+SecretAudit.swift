import Foundation

/// The secret audit of a sandbox (``SecretAudit``), as tests see it.
extension Sandbox {
    /// Adds a secret the audit must not find (tokens the stand-in knows and htpasswd
    /// passwords are added by themselves). It must have 12 characters or more: a shorter
    /// one fails the test at teardown, as it cannot be looked for.
    public func auditSecret(_ secret: String) {
        audit?.add([secret])
    }

    /// Withdraws a secret added with ``auditSecret(_:)``.
    public func withdrawSecret(_ secret: String) {
        audit?.withdraw(secret)
    }

    /// Declares `file` as holding a secret on purpose, as `--store file` or a tokenFile does.
    public func allowSecret(in file: URL) {
        audit?.exempt(file)
    }

    /// Declares that `file` may hold `secret`, and no other: a login of podman or docker,
    /// which keep it in clear in the auth file regctl shares with them.
    public func allowSecret(_ secret: String, in file: URL) {
        audit?.allow(secret, in: file)
    }

    /// Where the audit finds secrets right now; empty when it does not audit.
    public func auditFindings() -> [String] {
        auditReport()?.findings ?? []
    }

    func auditReport() -> SecretAudit.Report? {
        audit?.report(files: root, skipping: [kubeconfig] + keyringDirectories)
    }

    private var keyringDirectories: [URL] {
        ((try? FileManager.default.contentsOfDirectory(at: root, includingPropertiesForKeys: nil)) ?? []).filter { $0.lastPathComponent.hasPrefix("keyring-") }
            + [home.appendingPathComponent(".local/share/keyrings")]
    }
}
