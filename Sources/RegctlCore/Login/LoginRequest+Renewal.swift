extension LoginRequest {
    /// For a login whose cluster token the registry rejected: a new token from `cluster` (the
    /// API server it came from, when known), then this login again as it was typed; nil when a
    /// new token would not help (a password login has just got one).
    func renewal(cluster: String?) -> Fix? {
        let store = store == .file ? ["--store", "file"] : []
        switch tokenSource {
        case .kubeconfig(let context, let path):
            let kubeconfig = path.map { ["--kubeconfig", $0] } ?? []
            let oc = ["oc", "login"] + kubeconfig + (cluster.map { [$0] } ?? [])
            let login = ["regctl", "login", host.description] + (context.map { ["--context", $0] } ?? []) + kubeconfig + store
            return .run(Self.line(oc), Self.line(login))
        case .context(let token, _):
            let login = ["regctl", "login", host.description, "--context", token.context] + store
            return .run(Self.line(["oc", "login"] + (cluster.map { [$0] } ?? [])), Self.line(login))
        case .given:
            let login = ["regctl", "login", host.description, "--token-stdin"] + (username.map { ["--username", $0] } ?? []) + store
            return .run(Self.line(["oc", "login"] + (cluster.map { [$0] } ?? [])), "oc whoami -t | " + Self.line(login))
        case .account, .password, .token:
            return nil
        }
    }

    private static func line(_ words: [String]) -> String {
        words.map(ShellWords.quoted).joined(separator: " ")
    }
}
