import FoundationEssentials
import Glibc

/// Root's rule for the operating system's store, the one certs.d follows (``RootWriteGuard``):
/// regctl's anchor file, the files the update tool writes and the ones it reads as root must
/// all lie in trees root alone controls, or nothing is read, written or run.
extension OSTrustStore {
    /// Refuses, when this process runs as root, a store any part of which another user
    /// controls: the update tool (found on PATH), a directory above a file regctl or the tool
    /// writes, or a file or directory the tool reads (its configuration, the distribution's
    /// roots, its hooks).
    func checkRootControl(for host: RegistryHost) throws(TrustError) {
        guard geteuid() == 0 else { return }
        let anchor = anchorFile(for: host)
        if case .fails(let finding) = RootOwnership.resolve(tool) {
            throw .writeFailed(path: anchor.path, reason: "regctl is running as root and does not run \(UntrustedText.escaped(tool)): "
                + "\(UntrustedText.escaped(finding.path)) \(finding.reason), so another user would choose what root runs")
        }
        for file in [anchor] + writtenByTool {
            if let reason = RootWriteGuard.refusal(toWrite: file) { throw .writeFailed(path: anchor.path, reason: reason) }
        }
        for path in readByTool {
            guard let finding = RootOwnership.firstFinding(along: path.path, includingFile: true) else { continue }
            throw .writeFailed(path: anchor.path, reason: "regctl is running as root and does not run \(URL(fileURLWithPath: tool).lastPathComponent) "
                + "over \(UntrustedText.escaped(path.path)): \(UntrustedText.escaped(finding.path)) \(finding.reason), so another user would choose what root trusts or runs")
        }
    }

    /// A file in each directory the update tool writes.
    private var writtenByTool: [URL] {
        switch family {
        case .debian: [environment.systemPath("/etc/ssl/certs/ca-certificates.crt")]
        case .fedora: [environment.systemPath("/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem")]
        }
    }

    /// What the update tool reads, and the hooks it runs (Debian's, only for the real store:
    /// a relocated one runs none, ``hooksDirectory``).
    private var readByTool: [URL] {
        switch family {
        case .debian:
            ["/etc/ca-certificates.conf", "/usr/share/ca-certificates"].map(environment.systemPath)
                + (Self.sysroot(environment) == nil ? [URL(fileURLWithPath: hooksDirectory)] : [])
        case .fedora:
            ["/etc/pki/ca-trust/source", "/usr/share/pki/ca-trust-source"].map(environment.systemPath)
        }
    }

    /// The `--hooksdir` of `update-ca-certificates`: the machine's own for its real store;
    /// for a store relocated under `REGCTL_SYSROOT`, `/dev/null`, which is no directory, so
    /// no hook runs: the machine's hooks would change the machine's own stores (Java's), and
    /// the sysroot's are scripts root must not run.
    var hooksDirectory: String {
        Self.sysroot(environment) == nil ? "/etc/ca-certificates/update.d" : "/dev/null"
    }
}
