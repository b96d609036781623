import ArgumentParser
import FoundationEssentials
import RegctlCore

/// `regctl login HOST`
struct Login: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Log in to a registry with your OpenShift token, verified before it is saved.",
        discussion: """
            The token is the one `oc login` left in the kubeconfig (current context, or \
            --context), or one read from stdin with --token-stdin; it never appears on a \
            command line. regctl checks it against the registry first, then keeps it in the \
            desktop keyring (with --store file: in the auth files; a login from a context \
            keeps no copy when no keyring is reachable) and points auth.json and \
            ~/.docker/config.json at it. A login \
            from a kubeconfig context follows that context: after `oc login` renews the \
            token, podman, skopeo and docker get the new one; a context whose user runs an \
            exec plugin (OIDC) has it run again when its token expires. Without `oc`, \
            --server and --username get a token from the cluster's OAuth server with your \
            password, which is never stored. A cluster token goes only to a registry the \
            cluster names as its own (or one you logged in to from it before), and to a token \
            service on the same host; anywhere else regctl asks first (--yes: without asking). \
            A registry's own account logs in as with `podman login`: \
            echo PASSWORD | regctl login HOST -u USER --password-stdin; afterwards \
            `regctl login HOST` checks the stored password again and rewires the files.
            """
    )

    @Argument(help: "The registry host as in image references: name[:port].", completion: .registryHosts)
    var host: String

    @OptionGroup var kubeconfig: KubeconfigOptions

    @Flag(name: .customLong("token-stdin"), help: "Read the token from standard input.")
    var tokenStdin = false

    @Option(name: .shortAndLong, help: "With --server: your OpenShift user. Else: the registry user name (default: your OpenShift user, else 'openshift').")
    var username: String?

    @Option(name: .shortAndLong, help: .hidden)
    var password: String?

    @OptionGroup var passwordLogin: PasswordOptions

    @Option(help: "Where to keep the secret: secret-service (the desktop keyring) or file (unencrypted).")
    var store: CredentialStoreKind = .secretService

    @Flag(help: "Send your cluster token even to a registry the cluster does not name as its own, without asking.")
    var yes = false

    @OptionGroup var options: ReportingOptions

    func validate() throws {
        if password != nil {
            throw ValidationError("-p/--password puts the password on the command line, where every user of this machine can read it; "
                + "give it on standard input: echo PASSWORD | regctl login \(host) -u USER --password-stdin")
        }
        if tokenStdin && kubeconfig.isSet {
            throw ValidationError("--token-stdin takes the token from stdin; leave out --context and --kubeconfig.")
        }
        if tokenStdin && passwordLogin.server != nil { throw ValidationError("--server logs in with a password; leave out --token-stdin.") }
        if isAccountLogin {
            guard username != nil else { throw ValidationError("--password-stdin logs in with the registry's own account: name it with -u USER.") }
            guard !tokenStdin else { throw ValidationError("--password-stdin and --token-stdin both read standard input; give one.") }
            guard !kubeconfig.isSet else { throw ValidationError("-u USER --password-stdin logs in with the registry's own account; leave out --context and --kubeconfig.") }
        }
        try passwordLogin.validate(username: username, kubeconfig: kubeconfig, registryAccount: true)
    }

    /// `-u USER --password-stdin` without --server: the registry's own account, as `podman login`.
    private var isAccountLogin: Bool { passwordLogin.passwordStdin && passwordLogin.server == nil }

    func run() async throws {
        options.apply()
        let environment = RegctlEnvironment.current
        let source: LoginRequest.TokenSource
        if let credentials = try passwordLogin.credentials(username: username, environment: environment) {
            source = .password(credentials)
        } else if isAccountLogin {
            source = .account(password: try PasswordOptions.passwordFromStandardInput())
        } else if tokenStdin {
            source = .given(String(decoding: try StandardStreams.readStandardInput(), as: UTF8.self))
        } else {
            source = .kubeconfig(context: kubeconfig.context, path: kubeconfig.kubeconfig)
        }
        let request = LoginRequest(
            host: try RegistryHost(host), tokenSource: source, username: passwordLogin.server == nil ? username : nil, store: store,
            destinationConsent: yes ? "--yes" : nil
        )
        let login = RegistryLogin(environment: environment, keyring: SecretServiceStore(environment: environment), prompter: TerminalPrompter())
        let report = try await login.login(request)
        options.warn(report.warnings)
        try options.report(report) {
            let checked = report.verdict == .accepted ? "verified by the registry" : "not verifiable"
            let source = report.context.map { " (token of kubeconfig context \(UntrustedText.escaped($0)))" } ?? ""
            let expiry = report.tokenExpiry.map { "\nThe token expires \(TimeText.dateAndDistance($0))." } ?? ""
            let kept = report.copyStored ? "stored in \(report.store.rawValue)" : "no copy stored: the credential helper serves the context's token"
            return "Logged in to \(report.host) as \(UntrustedText.escaped(report.username))\(source), \(checked); \(kept).\(expiry)"
        }
    }
}

extension CredentialStoreKind: ExpressibleByArgument {}
