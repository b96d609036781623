import Foundation
@testable import RegctlCore
import RegctlTestSupport
import Testing

/// The fix each error carries: command lines the person who got the error can run as printed,
/// naming the real host, or a hand step where only someone else (an administrator) can act.
@Suite("error fixes")
struct ErrorFixTests {
    static let host = try! RegistryHost("reg.example:5000")

    @Test("no token on standard input: the pipe that gives one, to the host being logged in to")
    func emptyToken() {
        #expect(LoginError.emptyToken(host: Self.host).fix == .run("oc whoami -t | regctl login reg.example:5000 --token-stdin"))
    }

    @Test("a cluster token the registry rejects at login: a new one from its cluster, then the same login as typed (context, kubeconfig, store, user name kept)")
    func rejectedLogin() {
        func renewal(_ source: LoginRequest.TokenSource, username: String? = nil, store: CredentialStoreKind = .secretService, cluster: String?) -> Fix? {
            LoginRequest(host: Self.host, tokenSource: source, username: username, store: store).renewal(cluster: cluster)
        }
        let api = "https://api.example:6443"
        #expect(renewal(.kubeconfig(context: nil, path: nil), cluster: api) == .run("oc login https://api.example:6443", "regctl login reg.example:5000"))
        #expect(renewal(.kubeconfig(context: "dev", path: "/home/dev/k c.yaml"), store: .file, cluster: api) == .run(
            "oc login --kubeconfig '/home/dev/k c.yaml' https://api.example:6443",
            "regctl login reg.example:5000 --context dev --kubeconfig '/home/dev/k c.yaml' --store file"
        ))
        #expect(renewal(.given("t"), username: "alice", cluster: nil) == .run("oc login", "oc whoami -t | regctl login reg.example:5000 --token-stdin --username alice"))
        let token = OpenShiftToken(token: "t", context: "dev", cluster: .init(server: api, certificateAuthorityPEM: nil, insecureSkipTLSVerify: false))
        let kubeconfig = Kubeconfig()
        #expect(renewal(.context(token, from: kubeconfig), cluster: api) == .run("oc login https://api.example:6443", "regctl login reg.example:5000 --context dev"))
        #expect(renewal(.account(password: "p"), cluster: nil) == nil, "an account's password is not renewed by a cluster")
        let fix = renewal(.kubeconfig(context: nil, path: nil), cluster: api)
        #expect(LoginError.rejectedLogin(host: Self.host, status: 401, fix: fix).fix == fix)
        #expect(LoginError.rejectedLogin(host: Self.host, status: 401, fix: fix).message == LoginError.rejected(host: Self.host, status: 401).message)
    }

    @Test("a rejected account password: the account's password again, by its quoted name")
    func rejectedAccount() {
        let fix = LoginError.rejectedAccount(host: Self.host, username: "dev ops", status: 401).fix
        #expect(fix?.commands == ["echo PASSWORD | regctl login reg.example:5000 -u 'dev ops' --password-stdin"])
        #expect(fix?.text.hasPrefix("Give the account's current password, then run: echo PASSWORD") == true)
    }

    @Test("the cluster rejects the token: oc login to that cluster, a command")
    func clusterTokenRejected() {
        let fix = ClusterError.tokenRejected(server: "https://api.example:6443", context: "dev").fix
        #expect(fix == .run("oc login https://api.example:6443"))
    }

    @Test("a login with no cluster (an account or a token): log in to the cluster, then from its context, which rebinds an account login")
    func notBound() {
        let fix = RightsError.notBound(Self.host).fix
        #expect(fix?.commands == ["oc login", #"regctl login reg.example:5000 --context "$(oc config current-context)""#])
        #expect(fix?.isCommands == true)
    }

    @Test("no login for can-i, pull-secret: the fix the throwing code built from the login, as it is")
    func notLoggedIn() {
        let setup = Fix.run("regctl setup reg.example:5000")
        #expect(RightsError.notLoggedIn(Self.host, fix: setup).fix == setup)
        #expect(PullSecretError.notLoggedIn(Self.host, fix: setup).fix == setup)
        let trust = Fix.run("regctl trust install reg.example:5000 --from-server --scope system", note: "regctl copies the CA as root through sudo")
        #expect(PreflightError.untrusted(host: Self.host, engine: .docker, client: .docker, fix: trust).fix == trust)
    }

    @Test("a right missing: an administrator's command, so a hand step for the person who asked; the text names role and command")
    func refusedRight() {
        let denied = AccessReview(verb: "update", resource: "imagestreams/layers", namespace: "team", name: "app", allowed: false, reason: nil)
        let answer = RightsAnswer(try! ImageReference("reg.example:5000/team/app:2"), .push, namespace: "team", name: "app", user: "viewer", checks: [denied], stream: nil)
        let fix = answer.fix
        #expect(fix?.commands == [])
        #expect(fix?.text.contains("for the role registry-editor: oc policy add-role-to-user registry-editor viewer -n team") == true)
        #expect(RightsError.refused(answer).fix == fix)
    }

    @Test("a service account the registry rejects: the project administrator's command, runnable as printed")
    func serviceAccountRejected() {
        let fix = PullSecretError.serviceAccountRejected(host: Self.host, serviceAccount: "builder", namespace: "team").fix
        #expect(fix?.commands == ["oc policy add-role-to-user system:image-puller system:serviceaccount:team:builder -n team"])
    }

    @Test("a CA to confirm: check the fingerprint by hand, then the command with it pinned, in the scope asked")
    func trustConfirmation() {
        let fix = TrustError.confirmationNeeded(host: Self.host, fingerprint: "AB:CD", reason: nil, scope: .user).fix
        #expect(fix?.commands == ["regctl trust install reg.example:5000 --from-server --fingerprint AB:CD --scope user"])
        #expect(fix?.text == "Check the fingerprint, then run: regctl trust install reg.example:5000 --from-server --fingerprint AB:CD --scope user")
    }

    @Test("a step that needs root: the sudo line alone, runnable as printed; the user-scope way out in the message")
    func needsPrivileges() {
        let command = "sudo regctl trust install reg.example:5000 --ca-file /run/user/1000/regctl/reg.example:5000.crt --scope system"
        let error = TrustError.needsPrivileges(path: "/etc/containers/certs.d/reg.example:5000/ca.crt", command: command)
        #expect(error.fix == .run(command))
        #expect(error.fix?.text == command)
        #expect(error.message.contains("--scope user"))
    }

    @Test("regctl login HOST with no kubeconfig: the fixes name the host being logged in to, not the word HOST; nothing written")
    func loginWithoutKubeconfig() async throws {
        try await withSandbox(auditsSecrets: false) { sandbox in
            let before = sandbox.fileSnapshot()
            let login = RegistryLogin(environment: sandbox.regctlEnvironment, keyring: MemoryCredentialStore())
            let error = await #expect(throws: SituatedError.self) {
                try await login.login(LoginRequest(host: Self.host, tokenSource: .kubeconfig(context: nil, path: nil), store: .file))
            }
            #expect(error?.message.hasPrefix("no kubeconfig found") == true)
            #expect(error?.status == .usage)
            let text = error?.fix?.text ?? ""
            #expect(text.contains("oc whoami -t | regctl login reg.example:5000 --token-stdin"), "\(text)")
            #expect(text.contains("regctl login reg.example:5000 -u USER --password-stdin") && !text.contains("HOST"), "\(text)")
            #expect(sandbox.fileSnapshot() == before)
        }
    }

    /// Nobody at the terminal: every question is answered no.
    struct NobodyAsked: TrustPrompter {
        func show(_ summary: CertificateSummary, title: String) {}
        func confirm(_ question: String) -> Bool { false }
        func confirmSending(to host: RegistryHost, despite concerns: [String]) -> Bool { false }
    }

    @Test("regctl setup with no cluster login in the kubeconfig: oc login, then the same setup again, as typed; nothing written")
    func setupWithoutKubeconfig() async throws {
        try await withSandbox(auditsSecrets: false) { sandbox in
            let before = sandbox.fileSnapshot()
            let environment = sandbox.regctlEnvironment
            let setup = RegistrySetup(environment: environment, keyring: MemoryCredentialStore(), prompter: NobodyAsked(), privileged: SudoRunner(environment: environment))
            let error = await #expect(throws: SituatedError.self) {
                try await setup.run(SetupRequest(host: Self.host, caFile: "/srv/ca b.pem", scope: .user, store: .file))
            }
            #expect(error?.message.hasPrefix("no kubeconfig found") == true, "\(String(describing: error))")
            #expect(error?.fix == .run("oc login", "regctl setup reg.example:5000 --ca-file '/srv/ca b.pem' --scope user --store file"))
            #expect(sandbox.fileSnapshot() == before)
        }
    }

    /// The pre-flight's refusal for a registry regctl logged in to as `entry`, which no auth file wires.
    static func preflightRefusal(_ sandbox: Sandbox, _ entry: RegctlConfig.Registry) async throws -> PreflightError? {
        _ = try RegctlConfigFile(environment: sandbox.regctlEnvironment).update { $0.registries[Self.host.description] = entry }
        let preflight = PushPullPreflight(environment: sandbox.regctlEnvironment, keyring: MemoryCredentialStore())
        return await #expect(throws: PreflightError.self) { try await preflight.check(Self.host, engine: .podman) }
    }

    @Test("a pull with no credential wired: the login again as it was made — the keyring's account password reused, a --store file account's asked for, a bound login from its context")
    func preflightNotLoggedIn() async throws {
        try await withSandbox(auditsSecrets: false) { sandbox in
            let account = try await Self.preflightRefusal(sandbox, .init(store: .secretService, username: "dev", account: true))
            #expect(account?.fix == .run("regctl login reg.example:5000"), "\(String(describing: account))")
            let fileAccount = try await Self.preflightRefusal(sandbox, .init(store: .file, username: "dev", account: true))
            #expect(fileAccount?.fix?.commands == ["echo PASSWORD | regctl login reg.example:5000 -u dev --password-stdin --store file"])
            #expect(fileAccount?.fix?.isCommands == false, "the password is typed by the person: \(String(describing: fileAccount))")
            let kubeconfig = sandbox.root.appendingPathComponent("elsewhere/kubeconfig").path
            let binding = KubeconfigBinding(context: "dev", cluster: "https://api.example:6443", files: [kubeconfig])
            let bound = try await Self.preflightRefusal(sandbox, .init(store: .secretService, username: "dev", binding: binding))
            #expect(bound?.fix == .run("KUBECONFIG=\(kubeconfig) regctl login reg.example:5000 --context dev"), "\(String(describing: bound))")
        }
    }

    @Test("a pull wired to regctl whose keyring lost the account's password: the password again, never a login that needs it stored")
    func preflightKeyringLost() async throws {
        try await withSandbox(auditsSecrets: false) { sandbox in
            try sandbox.write(#"{"credHelpers":{"\#(Self.host)":"regctl"}}"#, to: sandbox.containersAuthFile)
            let account = try await Self.preflightRefusal(sandbox, .init(store: .secretService, username: "dev", account: true))
            #expect(account?.fix == Fix(steps: [.act("Give the account's current password"), .run("echo PASSWORD | regctl login reg.example:5000 -u dev --password-stdin")]),
                    "\(String(describing: account))")
        }
    }

    @Test("a different CA in the way: the same install confirmed with --yes, as typed; prose only where no command line names the CA's source")
    func replacement() {
        func fix(_ source: TrustInstallRequest.Source, scope: TrustScope = .user) -> Fix? {
            let request = TrustInstallRequest(host: Self.host, source: source, scope: scope)
            return TrustError.replacementNeedsConfirmation(host: Self.host, path: "/p", old: "A", new: "B", command: request.confirmedCommandLine).fix
        }
        #expect(fix(.fromServer) == .run("regctl trust install reg.example:5000 --from-server --scope user --yes"))
        #expect(fix(.caFile("/home/dev/my ca.pem"), scope: .all) == .run("regctl trust install reg.example:5000 --ca-file '/home/dev/my ca.pem' --scope all --yes"))
        #expect(fix(.fromCluster(.kubeconfig(context: "dev", path: nil))) == .run("regctl trust install reg.example:5000 --from-cluster --context dev --scope user --yes"))
        let token = OpenShiftToken(token: "t", context: "", cluster: .init(server: "https://api.example:6443", certificateAuthorityPEM: nil, insecureSkipTLSVerify: false))
        #expect(fix(.fromCluster(.token(token)))?.isCommands == false)
    }

    @Test("a pull whose bound context's exec plugin needs a person: the sign-in fix names the registry, not the word HOST")
    func preflightPluginNeedsPerson() async throws {
        try await withSandbox(auditsSecrets: false) { sandbox in
            try sandbox.write("""
                apiVersion: v1
                kind: Config
                current-context: dev
                clusters: [{name: c, cluster: {server: "https://api.example:6443"}}]
                users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: /bin/true, interactiveMode: Always}}}]
                contexts: [{name: dev, context: {cluster: c, user: u}}]
                """, to: sandbox.kubeconfig)
            try sandbox.write(#"{"credHelpers":{"\#(Self.host)":"regctl"}}"#, to: sandbox.containersAuthFile)
            let binding = KubeconfigBinding(context: "dev", cluster: "https://api.example:6443", files: [sandbox.kubeconfig.path])
            _ = try RegctlConfigFile(environment: sandbox.regctlEnvironment).update {
                $0.registries[Self.host.description] = .init(store: .secretService, username: "dev", binding: binding)
            }
            let preflight = PushPullPreflight(environment: sandbox.regctlEnvironment, keyring: MemoryCredentialStore())
            let error = await #expect(throws: SituatedError.self) { try await preflight.check(Self.host, engine: .podman) }
            #expect(error?.message.contains("needs a person at a terminal") == true, "\(String(describing: error))")
            #expect(error?.fix?.text.contains("regctl login reg.example:5000") == true && error?.fix?.text.contains("HOST") == false, "\(String(describing: error))")
        }
    }

    @Test("an error as logged: its message, then its fix's text on the next line")
    func description() {
        #expect(LoginError.emptyToken(host: Self.host).description
            == "no token on standard input\noc whoami -t | regctl login reg.example:5000 --token-stdin")
    }

    @Test("a refused pull is data: the reason in a sentence and the fix, no regctl: prefix")
    func pullRefusal() {
        let refusal = PullRefusal(reason: "the cluster https://api.example:6443 rejects the login's token", fix: .run("oc login https://api.example:6443"))
        #expect(refusal.message == "the pull was refused because the cluster https://api.example:6443 rejects the login's token")
        #expect(refusal.fix?.commands == ["oc login https://api.example:6443"])
    }
}
