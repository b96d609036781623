import FoundationEssentials

extension TrustInstaller {
    /// What the user's own `hosts.toml` in the containerd hosts dir of `plan` needs so that
    /// containerd and nerdctl read the `ca.crt` regctl writes beside it: the new text, or
    /// nil when it has none, names the file already, or cannot take the line (then a warning
    /// says what to add). Marks the entry whose file the line will name.
    func containerdHostsEdit(
        _ plan: inout [TrustInstallReport.Entry], _ warnings: inout [String]
    ) -> (file: ContainerdHostsFile, contents: String)? {
        guard let index = plan.firstIndex(where: { $0.location == .containerdUser }) else { return nil }
        let caFile = URL(fileURLWithPath: plan[index].path)
        guard let hosts = ContainerdHostsFile(directory: caFile.deletingLastPathComponent()) else { return nil }
        switch hosts.adding(caFile) {
        case .present: return nil
        case .refused(let reason):
            warnings.append(reason)
            return nil
        case .rewrite(let contents):
            plan[index].hostsFile = hosts.url.path
            return (hosts, contents)
        }
    }
}
