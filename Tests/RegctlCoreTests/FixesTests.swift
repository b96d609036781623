import Foundation
@testable import RegctlCore
import RegctlTestSupport
import Testing

/// The fix status prints for each situation: who runs it (root or not, with sudo or not), how
/// the registry was logged in to, which client; and how `status --json` writes it.
@Suite("fixes for each situation")
struct FixesTests {
    static let host = try! RegistryHost("reg.example:5000")
    static let kubeconfig = "/home/dev/.kube/config"
    static let binding = KubeconfigBinding(context: "dev/api:6443/dev", cluster: "https://api.example:6443", files: [kubeconfig])
    static let picksUp = "regctl picks the new token up by itself"

    static func fixes(root: Bool = false, path: String = "/usr/bin:/bin", variables: [String: String] = [:]) -> Fixes {
        let base = ["HOME": "/home/dev", "PATH": path]
        return Fixes(environment: RegctlEnvironment(variables: base.merging(variables) { $1 }, isRoot: root, isInteractive: false))
    }

    static func login(_ store: CredentialStoreKind, bound: Bool = false, account: Bool = false) -> RegctlConfig.Registry {
        RegctlConfig.Registry(store: store, username: "dev", binding: bound ? binding : nil, account: account)
    }

    static func accountLogin(_ command: String) -> Fix {
        Fix(steps: [.act("Give the account's current password"), .run(command)])
    }

    @Test("a new credential: oc login for a bound login (a --store file one logs in again), the password for an account, else a login; setup without one")
    func renewal() {
        let fixes = Self.fixes()
        #expect(fixes.renewal(Self.host, entry: Self.login(.secretService, bound: true)) == .run("oc login https://api.example:6443", note: Self.picksUp))
        #expect(fixes.renewal(Self.host, entry: Self.login(.file, bound: true))
            == .run("oc login https://api.example:6443", "regctl login reg.example:5000 --context dev/api:6443/dev --store file"))
        #expect(fixes.renewal(Self.host, entry: Self.login(.secretService, account: true))
            == Self.accountLogin("echo PASSWORD | regctl login reg.example:5000 -u dev --password-stdin"))
        #expect(fixes.renewal(Self.host, entry: Self.login(.file, account: true))
            == Self.accountLogin("echo PASSWORD | regctl login reg.example:5000 -u dev --password-stdin --store file"))
        #expect(fixes.renewal(Self.host, entry: Self.login(.secretService)) == .run("regctl login reg.example:5000"))
        #expect(fixes.renewal(Self.host, entry: Self.login(.file)) == .run("regctl login reg.example:5000 --store file"))
        #expect(fixes.renewal(Self.host, entry: nil) == .run("regctl setup reg.example:5000"))
    }

    @Test("a bound login's fix reads the files the binding names when KUBECONFIG names others")
    func boundElsewhere() {
        let elsewhere = Self.fixes(variables: ["KUBECONFIG": "/home/dev/other.yaml"])
        #expect(elsewhere.renewal(Self.host, entry: Self.login(.secretService, bound: true))
            == .run("KUBECONFIG=/home/dev/.kube/config oc login https://api.example:6443", note: Self.picksUp))
        #expect(elsewhere.rewiring(Self.host, entry: Self.login(.secretService, bound: true))
            == .run("KUBECONFIG=/home/dev/.kube/config regctl login reg.example:5000 --context dev/api:6443/dev"))
        #expect(Self.fixes(variables: ["KUBECONFIG": Self.kubeconfig]).rewiring(Self.host, entry: Self.login(.secretService, bound: true))
            == .run("regctl login reg.example:5000 --context dev/api:6443/dev"))
    }

    @Test("wired again: the bound context, the keyring's account password reused, a --store file account's asked for; REGISTRY_AUTH_FILE kept")
    func rewiring() {
        let fixes = Self.fixes()
        #expect(fixes.rewiring(Self.host, entry: Self.login(.secretService, bound: true)) == .run("regctl login reg.example:5000 --context dev/api:6443/dev"))
        #expect(fixes.rewiring(Self.host, entry: Self.login(.file, bound: true)) == .run("regctl login reg.example:5000 --context dev/api:6443/dev --store file"))
        #expect(fixes.rewiring(Self.host, entry: Self.login(.secretService, account: true)) == .run("regctl login reg.example:5000"))
        #expect(fixes.rewiring(Self.host, entry: Self.login(.file, account: true), authFile: "/srv/pull secret.json")
            == Self.accountLogin("echo PASSWORD | REGISTRY_AUTH_FILE='/srv/pull secret.json' regctl login reg.example:5000 -u dev --password-stdin --store file"))
        #expect(fixes.rewiring(Self.host, entry: Self.login(.secretService), authFile: "/srv/pull.json")
            == .run("REGISTRY_AUTH_FILE=/srv/pull.json regctl login reg.example:5000"))
        let plugin = fixes.pluginSignIn(Self.host, entry: Self.login(.secretService, bound: true))
        #expect(plugin.commands == ["regctl login reg.example:5000 --context dev/api:6443/dev"] && plugin.note != nil)
    }

    @Test("a plain entry in a file regctl does not wire: podman logout, then the login, as two commands one shell line runs")
    func removingPlain() async throws {
        try await withSandbox(auditsSecrets: false) { sandbox in
            let authFiles = AuthFiles(locations: AuthFileLocations(environment: sandbox.regctlEnvironment))
            let login = Fix.run("regctl login reg.example:5000")
            let other = sandbox.root.appendingPathComponent("auth.json")
            let credential = Credential(server: "reg.example:5000", username: "dev", secret: "s")
            let elsewhere = Fixes.removingPlain(CredentialLookup(answer: .plain(credential), file: other, entry: nil), Self.host, authFiles, then: login)
            #expect(elsewhere.commands == ["podman logout --authfile \(other.path) reg.example:5000", "regctl login reg.example:5000"])
            #expect(elsewhere.text == "podman logout --authfile \(other.path) reg.example:5000 && regctl login reg.example:5000")
            let wired = CredentialLookup(answer: .plain(credential), file: sandbox.dockerConfigFile, entry: nil)
            #expect(Fixes.removingPlain(wired, Self.host, authFiles, then: login) == login)
        }
    }

    @Test("a CA for a user's client is a --scope user install, root or not; for a root client, --scope system: as a user, through sudo or with a step for an administrator")
    func trust() async throws {
        try await withSandbox(auditsSecrets: false) { sandbox in
            let bin = sandbox.root.appendingPathComponent("bin")
            try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: bin.appendingPathComponent("sudo").path, contents: Data(), attributes: [.posixPermissions: 0o755])
            let user = "regctl trust install reg.example:5000 --from-server --scope user"
            let system = "regctl trust install reg.example:5000 --from-server --scope system"
            for client in [TrustClient.containers, .dockerRootless, .containerdRootless] {
                for fixes in [Self.fixes(), Self.fixes(root: true), Self.fixes(path: bin.path)] {
                    #expect(fixes.trust(Self.host, client: client, source: "--from-server") == .run(user), "\(client)")
                }
            }
            for client in [TrustClient.containersRoot, .docker] {
                #expect(Self.fixes(root: true).trust(Self.host, client: client, source: "--from-server") == .run(system))
                let withSudo = Self.fixes(path: bin.path).trust(Self.host, client: client, source: "--from-server", when: "once the cluster has its new CA")
                #expect(withSudo == .run(system, note: "once the cluster has its new CA; regctl copies the CA as root through sudo, which asks for your password"))
                #expect(Self.fixes().trust(Self.host, client: client, source: "--from-server") == .run(system, note: "regctl prints the one step an administrator then runs as root"))
            }
        }
    }

    @Test("a directory that shadows the right CA: the working CA put in its place (--yes), where the client reads first — the user's own for a user's client")
    func shadowed() {
        let working = "/etc/docker/certs.d/reg.example:5000/ca.crt"
        #expect(Self.fixes().unshadowing(Self.host, client: .containers, caFile: working)
            == .run("regctl trust install reg.example:5000 --ca-file /etc/docker/certs.d/reg.example:5000/ca.crt --yes --scope user"))
        #expect(Self.fixes(root: true).unshadowing(Self.host, client: .containersRoot, caFile: working)
            == .run("regctl trust install reg.example:5000 --ca-file /etc/docker/certs.d/reg.example:5000/ca.crt --yes --scope system"))
    }

    @Test("a containerd hosts file that does not parse: corrected by hand, then the install command")
    func hostsFile() {
        let fix = Self.fixes().hostsFile("/home/dev/.config/containerd/certs.d/reg.example:5000/hosts.toml", Self.host, client: .containerdRootless, source: "--from-server")
        #expect(fix.commands == ["regctl trust install reg.example:5000 --from-server --scope user"])
        #expect(fix.text.hasPrefix("Correct /home/dev/.config/containerd/certs.d/reg.example:5000/hosts.toml (containerd ignores all of it while it does not parse), then run: regctl trust install"))
    }

    @Test("the helper's link: over a foreign helper, in ~/.local/bin (made first) or beside regctl — each on PATH; else put on PATH by hand")
    func helperLink() async throws {
        try await withSandbox(auditsSecrets: false) { sandbox in
            let home = sandbox.home.path, local = sandbox.home.appendingPathComponent(".local/bin").path
            let own = sandbox.root.appendingPathComponent("opt/regctl/bin/regctl").path
            try FileManager.default.createDirectory(atPath: (own as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            func fixes(_ path: [String]) -> Fixes { Self.fixes(path: path.joined(separator: ":"), variables: ["HOME": home]) }
            let linkInLocal = "ln -sf \(own) \(local)/docker-credential-regctl"

            #expect(fixes([local, "/usr/bin"]).helperLink(to: own, replacing: nil) == .run("mkdir -p \(local)", linkInLocal))
            let beside = (own as NSString).deletingLastPathComponent
            #expect(fixes(["/usr/bin", beside]).helperLink(to: own, replacing: nil) == .run("ln -sf \(own) \(beside)/docker-credential-regctl"))
            #expect(fixes(["/usr/bin", beside, local]).helperLink(to: own, replacing: nil) == .run("mkdir -p \(local)", linkInLocal), "the user's own first")
            let foreign = "\(beside)/docker-credential-regctl"
            #expect(fixes([beside]).helperLink(to: own, replacing: foreign) == .run("ln -sf \(own) \(foreign)"))

            let offPath = fixes(["bin"]).helperLink(to: own, replacing: nil)
            #expect(offPath.commands == ["mkdir -p \(local)", linkInLocal])
            #expect(!offPath.isCommands && offPath.text.hasSuffix("then put \(local) on PATH (in ~/.profile, for example) and log in again"))
        }
    }

    @Test("status --json: fix is the text as printed, commands its command lines (none for a hand step); read back as written")
    func json() throws {
        let problems: [StatusProblem] = [
            .init(area: .credential, severity: .failing, message: "m", fix: .run("oc login https://api", note: Self.picksUp)),
            .init(area: .wiring, severity: .warning, message: "m", fix: .run("podman logout --authfile /a reg", "regctl login reg")),
            .init(area: .trust, severity: .failing, message: "m", fix: Fix.act("Correct /h.toml (x, y)").then(.run("regctl trust install reg"))),
            .init(area: .wiring, severity: .failing, message: "m", fix: Fix.run("mkdir -p /l", "ln -sf /r /l/d").then(.act("put /l on PATH; log in"))),
            .init(area: .network, severity: .failing, message: "m", fix: Fixes.network),
            .init(area: .trust, severity: .failing, message: "m", fix: .act("Ask an administrator", note: "n")),
            .init(area: .network, severity: .failing, message: "m", fix: nil),
        ]
        for problem in problems {
            let data = try JSONEncoder().encode(problem)
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(object["fix"] as? String == problem.fix?.text)
            #expect(object["commands"] as? [String] == problem.fix?.commands)
            let read = try JSONDecoder().decode(StatusProblem.self, from: data)
            #expect(read.fix?.text == problem.fix?.text && read.fix?.commands == problem.fix?.commands, "\(String(decoding: data, as: UTF8.self))")
        }
    }
}
