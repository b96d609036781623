import FoundationEssentials
import Glibc

/// regctl's own file in the anchors directory, written or removed, then the update tool.
/// A failed update puts the anchors directory back as it was. As root, nothing is read,
/// written or run in a store another user controls (``checkRootControl(for:)``).
extension OSTrustStore {
    /// Puts `pem` in ``anchorFile(for:)`` and updates the store.
    func add(_ pem: String, for host: RegistryHost) async throws(TrustError) -> TrustInstallReport.Outcome {
        try checkRootControl(for: host)
        let file = anchorFile(for: host)
        let old = FileManager.default.contents(atPath: file.path)
        if old == Data(pem.utf8) {
            try await update(fresh: false)
            return .alreadyTrusted
        }
        if let reason = AtomicWrite.replace(file, with: Data(pem.utf8), mode: 0o644) {
            throw .writeFailed(path: file.path, reason: reason)
        }
        do {
            try await update(fresh: old != nil)
        } catch {
            if let old { _ = AtomicWrite.replace(file, with: old, mode: 0o644) } else { unlink(file.path) }
            throw error
        }
        return old == nil ? .installed : .replaced
    }

    /// Removes regctl's file for `host` and updates the store; nil when there was none.
    func remove(_ host: RegistryHost) async throws(TrustError) -> String? {
        try checkRootControl(for: host)
        let file = anchorFile(for: host)
        guard let old = FileManager.default.contents(atPath: file.path) else { return nil }
        guard unlink(file.path) == 0 else { throw .writeFailed(path: file.path, reason: SystemErrorText.current) }
        do {
            try await update(fresh: true)
        } catch {
            _ = AtomicWrite.replace(file, with: old, mode: 0o644)
            throw error
        }
        return file.path
    }

    /// Whether this process may change the store: only root may, wherever the files are.
    var isWritable: Bool { environment.isRoot }

    /// Removes `host`'s CA from the store when regctl put it there, as root: directly, or
    /// through `privileged` (`trust remove HOST --scope system`, which also removes the
    /// system certs.d copies) at a terminal; otherwise nothing is removed and the command
    /// to run is the error. Returns the files removed.
    public static func removeInstalled(
        _ host: RegistryHost, directories: CertsDirectories, privileged: any PrivilegedRunner
    ) async throws(TrustError) -> [String] {
        let environment = directories.environment
        guard let store = try? OSTrustStore(environment: environment) else { return [] }
        let file = store.anchorFile(for: host)
        guard FileManager.default.fileExists(atPath: file.path) else { return [] }
        if store.isWritable { return try await store.remove(host).map { [$0] } ?? [] }
        let arguments = ["trust", "remove", host.description, "--scope", TrustScope.system.rawValue]
        let command = privileged.commandLine(for: arguments)
        guard environment.isInteractive && privileged.isAvailable else { throw .needsPrivileges(path: file.path, command: command) }
        let system = TrustInventory(directories: directories).entry(for: host, scope: .system).placements.map(\.path)
        guard (try? await privileged.run(arguments)) == true else { throw .privilegedStepFailed(command: command) }
        return system + [file.path]
    }
}

extension TrustInventory {
    /// ``remove(_:scope:privileged:)``, and for the system scope (and all) also the file
    /// `trust install --os-store` put in the operating system's store. Returns the files removed.
    public func removeEverywhere(_ host: RegistryHost, scope: TrustScope, privileged: any PrivilegedRunner) async throws(TrustError) -> [String] {
        // Through sudo, the system-scope removal takes the store's file out too.
        let store = scope == .user ? nil : try? OSTrustStore(environment: directories.environment)
        let anchor = store?.anchorFile(for: host).path
        let anchored = anchor.map(FileManager.default.fileExists(atPath:)) ?? false
        if anchored, let store, store.isWritable { try store.checkRootControl(for: host) }
        var removed = try await remove(host, scope: scope, privileged: privileged)
        guard scope != .user else { return removed }
        removed += try await OSTrustStore.removeInstalled(host, directories: directories, privileged: privileged).filter { !removed.contains($0) }
        if anchored, let anchor, !removed.contains(anchor), !FileManager.default.fileExists(atPath: anchor) { removed.append(anchor) }
        return removed
    }
}
