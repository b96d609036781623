import FoundationEssentials
import Glibc

/// Where a regctl running as root may write: only below directories root alone controls.
/// When `HOME`, `XDG_*`, `DOCKER_CONFIG`, `REGISTRY_AUTH_FILE` or `REGCTL_SYSROOT` reach a
/// root process, a directory of another user's on the way (or a link anywhere on it) would
/// let that user swap in a link and send root's write to any file on the machine. Every
/// writer asks before it changes anything, and again once it has made missing directories.
enum RootWriteGuard {
    /// Why this process, if it runs as root, must not create, replace or remove `file`; nil
    /// when it may (or does not run as root). Each existing directory above `file`, from
    /// `/` down, must be no symbolic link and root's alone (``RootOwnership``).
    static func refusal(toWrite file: URL) -> String? {
        guard geteuid() == 0, let finding = RootOwnership.firstFinding(along: file.path, includingFile: false) else { return nil }
        let why = finding.isSymbolicLink ? "root writes only through real directories that it alone controls"
            : "another user could swap in a link there and send root's write anywhere; run regctl as the user whose files these are"
        return "regctl is running as root and does not write below \(UntrustedText.escaped(finding.path)), which \(finding.reason): \(why)"
    }
}
