import FoundationEssentials
import X509

/// regctl's file in the operating system's trust store, as `trust install --os-store` left it.
public struct OSStoreEntry: Codable, Sendable {
    /// `debian` (update-ca-certificates) or `fedora` (update-ca-trust).
    public let family: OSTrustStore.Family
    public let path: String
    public let outcome: TrustInstallReport.Outcome
}

/// `--os-store`: settled with the other checks, before anything is written.
extension TrustInstaller {
    /// The store and what adding the CA to it will do, once the user agreed to what the CA
    /// will vouch for there: with `--yes` (the reach becomes a warning), a `y` at the
    /// terminal, or not at all (exit 2 before any write).
    func osStorePlan(
        _ request: TrustInstallRequest, certificates: [Certificate], pem: String, _ warnings: inout [String]
    ) throws(TrustError) -> (store: OSTrustStore, entry: OSStoreEntry) {
        let store = try OSTrustStore(environment: directories.environment)
        try store.checkRootControl(for: request.host)
        let file = store.anchorFile(for: request.host)
        let existing = FileManager.default.contents(atPath: file.path)
        let outcome: TrustInstallReport.Outcome = existing == nil ? .installed : existing == Data(pem.utf8) ? .alreadyTrusted : .replaced
        let entry = OSStoreEntry(family: store.family, path: file.path, outcome: outcome)
        guard outcome != .alreadyTrusted else { return (store, entry) }
        let reach = NameConstraintsText.reach(of: certificates)
        if request.assumeYes {
            warnings.append(reach)
        } else {
            guard directories.environment.isInteractive else { throw .osStoreNeedsConfirmation(reach: reach) }
            guard prompter.confirm("Note: \(reach).\nAdd it to the operating system's trust store?") else { throw .declined }
        }
        return (store, entry)
    }
}
