import FoundationEssentials
import Glibc

/// The system-scope step as root. It gets the validated CA in a staged file and the
/// fingerprint of each of its certificates, nothing else: no kubeconfig, context or server
/// to read as root, and a staged file changed before root reads it is refused by the pins.
extension TrustInstaller {
    /// Settles, before anything is written, how the locations this process cannot write get
    /// written: through sudo at a terminal, or not at all (exit 3 with the command to run,
    /// its CA staged by then).
    /// `firstPath` is the first file that needs root (a certs.d copy or the OS store's anchor).
    func checkPrivileges(
        _ request: TrustInstallRequest, _ entries: [TrustInstallReport.Entry], firstPath: String, pem: String, fingerprints: [String]
    ) throws(TrustError) {
        if let user = entries.first(where: { $0.location.scope == .user }) {
            throw .writeFailed(path: user.path, reason: "the directory is not writable by you")
        }
        let environment = directories.environment
        if environment.isRoot { throw .writeFailed(path: firstPath, reason: "the directory is not writable, even as root") }
        if environment.isInteractive && privileged.isAvailable { return }
        let staged = try stage(pem, for: request.host)
        let arguments = systemScopeInstall(request, caFile: staged, fingerprints: fingerprints) + (request.assumeYes ? ["--yes"] : [])
        throw .needsPrivileges(path: firstPath, command: privileged.commandLine(for: arguments))
    }

    /// Installs exactly the validated certificates into the system scope as root.
    func installAsRoot(_ request: TrustInstallRequest, pem: String, fingerprints: [String]) async throws(TrustError) {
        let staged = try stage(pem, for: request.host)
        defer { unlink(staged.path) }
        let arguments = systemScopeInstall(request, caFile: staged, fingerprints: fingerprints) + ["--yes"]
        let command = privileged.commandLine(for: arguments)
        log.debug("running the system-scope copy as root: \(command)")
        let succeeded: Bool
        do {
            succeeded = try await privileged.run(arguments)
        } catch {
            throw .privilegedStepFailed(command: "\(command) (\(error))")
        }
        guard succeeded else { throw .privilegedStepFailed(command: command) }
    }

    /// `trust install` of the CA in `caFile`, each certificate pinned, into the system scope
    /// (and the operating system's store when `request` asks for it).
    private func systemScopeInstall(_ request: TrustInstallRequest, caFile: URL, fingerprints: [String]) -> [String] {
        ["trust", "install", request.host.description, "--ca-file", caFile.path]
            + fingerprints.flatMap { ["--fingerprint", $0] }
            + ["--scope", "system"] + (request.osStore ? ["--os-store"] : [])
    }

    /// Writes `pem` to the user's own staging file for `host` (``stagedCAFile(for:)``): mode
    /// 0644 in a 0755 directory, so that root reads it also where it cannot bypass modes.
    private func stage(_ pem: String, for host: RegistryHost) throws(TrustError) -> URL {
        let file = stagedCAFile(for: host)
        let directory = file.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        } catch {
            throw .writeFailed(path: directory.path, reason: SystemErrorText.describe(error))
        }
        if let reason = AtomicWrite.replace(file, with: Data(pem.utf8), mode: 0o644) {
            throw .writeFailed(path: file.path, reason: reason)
        }
        log.debug("staged the CA for root in \(file.path)")
        return file
    }

    /// `$XDG_RUNTIME_DIR/regctl/HOST.crt` when that directory exists (private to the user and
    /// gone at logout), else `${XDG_CACHE_HOME:-~/.cache}/regctl/HOST.crt`: a file that stays
    /// until the user runs the command, where no other user can replace it.
    private func stagedCAFile(for host: RegistryHost) -> URL {
        let variables = directories.environment.variables
        var isDirectory = false
        let base: URL
        if let runtime = variables["XDG_RUNTIME_DIR"], !runtime.isEmpty,
           FileManager.default.fileExists(atPath: runtime, isDirectory: &isDirectory), isDirectory {
            base = URL(fileURLWithPath: runtime)
        } else if let cache = variables["XDG_CACHE_HOME"], !cache.isEmpty {
            base = URL(fileURLWithPath: cache)
        } else {
            base = directories.environment.home.appendingPathComponent(".cache")
        }
        return base.appendingPathComponent("regctl/\(host.description).crt")
    }
}
