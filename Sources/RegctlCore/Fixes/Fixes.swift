import FoundationEssentials

/// The fixes `regctl status` and the errors print, each built from the problem and the
/// situation of the person who gets it: root or not, how the registry was logged in to (bound
/// to a kubeconfig context, the registry's own account, a token; keyring or file store), and
/// which client is concerned. Run as printed by that person, each removes its problem.
struct Fixes: Sendable {
    let environment: RegctlEnvironment

    /// A credential the registry accepts again: for a login bound to a kubeconfig context,
    /// `oc login` to its cluster (the helper serves the context's new token; a `--store file`
    /// login is stored again); for the registry's own account, its password again; else a
    /// login from the current context. `regctl setup` when regctl has no login for `host`.
    func renewal(_ host: RegistryHost, entry: RegctlConfig.Registry?) -> Fix {
        guard let entry else { return .run("regctl setup \(host)") }
        if let binding = entry.binding {
            let ocLogin = kubeconfig(of: binding) + "oc login \(ShellWords.quoted(binding.cluster))"
            guard entry.store == .secretService else { return .run(ocLogin, login(host, entry)) }
            return .run(ocLogin, note: "regctl picks the new token up by itself")
        }
        return entry.account ? Self.accountLogin(host, username: entry.username, store: entry.store) : .run(login(host, entry))
    }

    /// The auth files wired again to `host`'s login, with the secret it holds: `regctl login`
    /// from the bound context, or with the stored account password (which a `--store file`
    /// login keeps nowhere regctl reads, so it is asked for); `authFile` is the file
    /// `REGISTRY_AUTH_FILE` must name for the login to wire it.
    func rewiring(_ host: RegistryHost, entry: RegctlConfig.Registry, authFile: String? = nil) -> Fix {
        let variable = authFile.map { "REGISTRY_AUTH_FILE=\(ShellWords.quoted($0)) " } ?? ""
        if entry.account, entry.store == .file { return Self.accountLogin(host, username: entry.username, store: .file, variable: variable) }
        return .run(variable + login(host, entry))
    }

    /// For a login whose client would send nothing for `host`, as `source` says: the auth
    /// files wired again when none routes the host to regctl's helper, else the secret stored
    /// again (the keyring lost its copy: an account's password, a bound login's new token).
    func missingCredential(_ host: RegistryHost, entry: RegctlConfig.Registry, source: CredentialResolver.Source) -> Fix {
        if case .keyring = source { return renewal(host, entry: entry) }
        return rewiring(host, entry: entry)
    }

    /// For a login whose exec plugin gives the token: the plugin run now, at the terminal,
    /// which it needs only to have its user sign in again.
    func pluginSignIn(_ host: RegistryHost, entry: RegctlConfig.Registry) -> Fix {
        Fix(steps: rewiring(host, entry: entry).steps, note: "only if the plugin needs you to sign in; a client's next request runs it otherwise")
    }

    /// `fix` after the plain entry `found` is gone: `regctl login` rewrites the files it wires;
    /// from any other file, `podman logout --authfile` removes it first.
    static func removingPlain(_ found: CredentialLookup, _ host: RegistryHost, _ authFiles: AuthFiles, then fix: Fix) -> Fix {
        guard let file = found.file, !authFiles.isWired(file) else { return fix }
        return Fix.run("podman logout --authfile \(ShellWords.quoted(file.path)) \(host)").then(fix)
    }

    /// `host`'s CA installed where `client` reads it, taken from `source` (`--from-cluster`,
    /// `--from-server`, `--ca-file FILE`); `when` says what must come first. A client of the
    /// user's own gets `--scope user`; a root client, when not root, `--scope system`, whose
    /// copy regctl runs through sudo at the terminal, or, without sudo, hands to an
    /// administrator as the one step to run as root.
    func trust(_ host: RegistryHost, client: TrustClient, source: String, when: String? = nil) -> Fix {
        let command = client.fix.commandLine(for: host, source: source)
        guard client.fix == .install(.system), !environment.isRoot else { return .run(command, note: when) }
        let root = SudoRunner(environment: environment).isAvailable
            ? "regctl copies the CA as root through sudo, which asks for your password"
            : "regctl prints the one step an administrator then runs as root"
        return .run(command, note: [when, root].compactMap(\.self).joined(separator: "; "))
    }

    /// The CA of `caFile`, which verifies `host` from a directory `client` reads later, put in
    /// place of the CA that shadows it (`--yes`: replacing that one is the fix).
    func unshadowing(_ host: RegistryHost, client: TrustClient, caFile: String) -> Fix {
        trust(host, client: client, source: "--ca-file \(ShellWords.quoted(caFile)) --yes")
    }

    /// A containerd hosts file that does not parse, corrected by hand, then the CA installed.
    func hostsFile(_ file: String, _ host: RegistryHost, client: TrustClient, source: String) -> Fix {
        Fix.act("Correct \(file) (containerd ignores all of it while it does not parse)").then(trust(host, client: client, source: source))
    }

    /// A registry that did not answer.
    static let network = Fix.act("Check that you are on the registry's network; `regctl status --offline` checks local files only")

    /// `regctl login HOST` as `entry` was made: with the bound context (and its kubeconfig
    /// files, when they are not the ones read by default) and the store.
    private func login(_ host: RegistryHost, _ entry: RegctlConfig.Registry) -> String {
        let context = entry.binding.map { " --context \(ShellWords.quoted($0.context))" } ?? ""
        let command = "regctl login \(host)\(context)" + (entry.store == .file ? " --store file" : "")
        return (entry.binding.map(kubeconfig(of:)) ?? "") + command
    }

    /// The login with the registry's own account `username`, its current password given on
    /// standard input; `variable` (`NAME=VALUE `) set for regctl.
    static func accountLogin(_ host: RegistryHost, username: String, store: CredentialStoreKind = .secretService, variable: String = "") -> Fix {
        let command = "echo PASSWORD | \(variable)regctl login \(host) -u \(ShellWords.quoted(username)) --password-stdin" + (store == .file ? " --store file" : "")
        return Fix(steps: [.act("Give the account's current password"), .run(command)])
    }

    /// `KUBECONFIG=FILES ` when the binding's files are not those read without it.
    private func kubeconfig(of binding: KubeconfigBinding) -> String {
        let usual = Kubeconfig.paths(environment: environment, explicitPath: nil).map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        guard !binding.files.isEmpty, binding.files != usual else { return "" }
        return "KUBECONFIG=\(ShellWords.quoted(binding.files.joined(separator: ":"))) "
    }
}
