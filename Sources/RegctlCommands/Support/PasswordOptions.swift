import ArgumentParser
import FoundationEssentials
import RegctlCore

/// `--server`, `--password-stdin` and `--certificate-authority`: a password login at an API
/// server, as `oc login -u` does it, for `login` and `setup`.
struct PasswordOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Log in with your user name and password at this API server (as `oc login -u`), without a kubeconfig.", valueName: "url"))
    var server: String?

    @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input: your OpenShift password with --server (else it is asked for at the terminal); with `login -u USER`, the registry account's.")
    var passwordStdin = false

    @Option(name: .customLong("certificate-authority"), help: ArgumentHelp("With --server: a PEM file of the cluster's CA.", valueName: "file"), completion: .file())
    var certificateAuthority: String?

    /// Checks the options against the user name and the kubeconfig options; with
    /// `registryAccount`, --password-stdin without --server is a registry account's password.
    func validate(username: String?, kubeconfig: KubeconfigOptions, registryAccount: Bool = false) throws {
        if server != nil {
            guard username != nil else { throw ValidationError("--server needs --username: the OpenShift user to log in as.") }
            guard !kubeconfig.isSet else { throw ValidationError("--server logs in with a password; leave out --context and --kubeconfig.") }
        } else if certificateAuthority != nil {
            throw ValidationError("--certificate-authority goes with --server.")
        } else if passwordStdin && !registryAccount {
            throw ValidationError("--password-stdin goes with --server.")
        }
    }

    /// The credentials, with the password read from standard input or asked for; nil without --server.
    func credentials(username: String?, environment: RegctlEnvironment) throws -> PasswordCredentials? {
        guard let server, let username else { return nil }
        let password: String?
        if passwordStdin {
            password = try Self.passwordFromStandardInput()
        } else {
            guard environment.isInteractive else {
                throw ValidationError("No terminal to ask for the password: give it on standard input with --password-stdin.")
            }
            password = PasswordPrompt.read("Password for \(username) at \(server): ")
        }
        guard let password, !password.isEmpty else { throw ValidationError("The password is empty.") }
        Redactor.shared.register(password)
        return PasswordCredentials(server: server, username: username, password: password, certificateAuthorityFile: certificateAuthority)
    }

    /// The first line of standard input, as `podman login --password-stdin` reads it.
    static func passwordFromStandardInput() throws -> String {
        let line = String(decoding: try StandardStreams.readStandardInput(), as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        guard !line.isEmpty else { throw ValidationError("The password is empty.") }
        Redactor.shared.register(line)
        return line
    }
}
