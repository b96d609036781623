extension TrustInstallRequest {
    /// This request as a person types it, confirmed with `--yes`; nil when its CA came from
    /// something no command line names (a token another step got).
    var confirmedCommandLine: String? {
        var words = ["regctl", "trust", "install", host.description]
        switch source {
        case .caFile(let path): words += ["--ca-file", path]
        case .fromServer: words.append("--from-server")
        case .fromCluster(.kubeconfig(let context, let path)):
            words.append("--from-cluster")
            if let context { words += ["--context", context] }
            if let path { words += ["--kubeconfig", path] }
        case .fromCluster: return nil
        }
        words += fingerprints.flatMap { ["--fingerprint", $0] } + ["--scope", scope.rawValue] + (osStore ? ["--os-store"] : []) + ["--yes"]
        return words.map(ShellWords.quoted).joined(separator: " ")
    }
}
