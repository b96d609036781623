import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// Hostile input across every command, table-driven: each gets its exit code, a message of
/// one or two lines (argument-parser's usage lines aside) naming what was wrong, and every
/// file under the sandbox's home and system root byte-identical afterwards.
@Suite("hostile input")
struct HostileInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let arguments: [String]
        var stdin = ""
        /// Files to write first, by path under the sandbox's home (`~/…`) or absolute.
        var files: [String: String] = [:]
        var environment: [String: String?] = [:]
        /// Symbolic links to make first, by path as for `files`, to their targets.
        var links: [String: String] = [:]
        /// Directories to make first where a file is expected.
        var directories: [String] = []
        /// Starts a keyring holding the credential that stays locked (no prompter can unlock it).
        var lockedKeyring = false
        /// Runs regctl as `nobody`, to whom the sandbox's home is read-only.
        var asNobody = false
        let status: Int32
        let says: String

        var testDescription: String { name }
    }

    static let kubeconfigPath = "~/.kube/config"
    static let configPath = "~/.config/regctl/config.json"
    static let dockerConfigPath = "~/.docker/config.json"
    static let keyringLogin = [configPath: #"{"registries": {"reg.example": {"store": "secret-service", "username": "u"}}}"#]
    static let fileLogin = [configPath: #"{"registries": {"reg.example": {"store": "file", "username": "u"}}}"#]
    static let expiredCA = (try? TestCertificateAuthority(name: "expired CA", lifetime: -1800).certificatePEM) ?? ""
    static let serverCertificate = (try? TestCertificateAuthority(name: "some CA").issueServerCertificate().certificatePEM) ?? ""
    static let context = """
        clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
        contexts: [{name: x, context: {cluster: c, user: u}}]
        current-context: x

        """

    static let cases: [Case] = [
        // Hosts
        Case(name: "host with a space", arguments: ["login", "bad host!"], status: 2, says: "invalid registry host \"bad host!\": it contains spaces, control or non-ASCII characters"),
        Case(name: "host that climbs directories", arguments: ["trust", "install", "../etc", "--from-server"], status: 2, says: "invalid registry host \"../etc\": it contains '/'"),
        Case(name: "port out of range", arguments: ["login", "reg.example:99999"], status: 2, says: "the port must be a number from 1 to 65535"),
        Case(name: "empty host", arguments: ["logout", ""], status: 2, says: "invalid registry host \"\": it is empty"),
        Case(name: "host with a path", arguments: ["trust", "show", "reg.example/x"], status: 2, says: "invalid registry host \"reg.example/x\": it contains '/'"),
        Case(name: "host with a tab", arguments: ["status", "reg\texample"], status: 2, says: "invalid registry host \"reg\\texample\": it contains spaces, control or non-ASCII characters"),
        Case(name: "host with two ports", arguments: ["logout", "reg.example:1:2"], status: 2, says: "invalid registry host \"reg.example:1:2\": an IPv6 address must be written in brackets"),
        Case(name: "host with an unclosed IPv6 bracket", arguments: ["setup", "[::1"], status: 2, says: "an IPv6 address needs its closing ']'"),
        Case(name: "pull-secret host with a space", arguments: ["pull-secret", "x y"], status: 2, says: "invalid registry host \"x y\": it contains spaces"),
        Case(name: "host with a user part", arguments: ["login", "user@reg.example"], status: 2, says: "a host name holds only letters, digits, '-' and '.'"),
        // Image references
        Case(name: "upper-case repository", arguments: ["pull", "UPPER/Case:tag"], status: 2, says: "invalid image reference \"UPPER/Case:tag\": repository names are lower case"),
        Case(name: "empty tag", arguments: ["pull", "reg.example/app:"], status: 2, says: "the tag \"\" is not valid"),
        Case(name: "malformed digest", arguments: ["pull", "reg.example/app@sha256:xyz"], status: 2, says: "the digest must look like sha256:<64 hex digits>"),
        Case(name: "empty reference", arguments: ["push", ""], status: 2, says: "invalid image reference \"\": it is empty or too long"),
        Case(name: "double slash", arguments: ["pull", "reg.example//app"], status: 2, says: "invalid image reference \"reg.example//app\": repository names are lower case"),
        Case(name: "two tags", arguments: ["pull", "reg.example/app:a:b"], status: 2, says: "invalid image reference \"reg.example/app:a:b\": repository names are lower case"),
        // PEM bundles
        Case(name: "missing CA file", arguments: ["trust", "install", "reg.example", "--ca-file", "/nonexistent/ca.pem"], status: 2, says: "cannot read /nonexistent/ca.pem: No such file or directory"),
        Case(name: "CA file without PEM", arguments: ["trust", "install", "reg.example", "--ca-file", "~/ca.pem"],
             files: ["~/ca.pem": "hello\n"], status: 2, says: "home/ca.pem holds no PEM certificate"),
        Case(name: "CA file with broken base64", arguments: ["trust", "install", "reg.example", "--ca-file", "~/ca.pem"],
             files: ["~/ca.pem": "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n"], status: 2, says: "home/ca.pem does not parse"),
        Case(name: "CA file holding a private key", arguments: ["trust", "install", "reg.example", "--ca-file", "~/ca.pem"],
             files: ["~/ca.pem": "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n"], status: 2, says: "ca.pem contains a 'PRIVATE KEY' block; a CA bundle may hold certificates only"),
        Case(name: "empty CA file", arguments: ["trust", "install", "reg.example", "--ca-file", "~/ca.pem"],
             files: ["~/ca.pem": ""], status: 2, says: "home/ca.pem holds no PEM certificate"),
        Case(name: "CA file of binary garbage", arguments: ["trust", "install", "reg.example", "--ca-file", "~/ca.pem"],
             files: ["~/ca.pem": "\u{1}\u{2}\u{FFFD}\u{7F}garbage"], status: 2, says: "home/ca.pem holds no PEM certificate"),
        Case(name: "CA file holding an expired CA", arguments: ["trust", "install", "reg.example", "--ca-file", "~/ca.pem"],
             files: ["~/ca.pem": expiredCA], status: 2, says: "CN=expired CA expired on"),
        Case(name: "CA file holding a server certificate, not a CA", arguments: ["trust", "install", "reg.example", "--ca-file", "~/ca.pem"],
             files: ["~/ca.pem": serverCertificate], status: 2, says: "is not a CA certificate and does not verify the server"),
        Case(name: "CA file that is a directory", arguments: ["trust", "install", "reg.example", "--ca-file", "~/.config"], status: 2, says: "home/.config: it is a directory"),
        Case(name: "CA file that never ends", arguments: ["trust", "install", "reg.example", "--ca-file", "/dev/zero"], status: 2, says: "cannot read /dev/zero: it is not a regular file"),
        // regctl's config
        Case(name: "config cut short", arguments: ["status"], files: [configPath: "{"], status: 2, says: "config.json is not valid JSON (line 1, column 2: unexpected end of file)"),
        Case(name: "config that is a list", arguments: ["status"], files: [configPath: "[]"], status: 2, says: "config.json does not have the expected shape: expected a mapping"),
        Case(name: "config with registries of the wrong type", arguments: ["status"], files: [configPath: #"{"registries": []}"#], status: 2, says: ".registries: expected a mapping"),
        Case(name: "config with an unknown store", arguments: ["status"],
             files: [configPath: #"{"registries": {"r.example": {"store": "paper", "username": "u"}}}"#], status: 2, says: ".registries.r.example.store: a value it does not know"),
        Case(name: "config of binary garbage", arguments: ["pull-secret", "reg.example"], files: [configPath: "\u{0}\u{1}\u{2}"], status: 2, says: "config.json is not valid JSON (line 1, column 1: unexpected character U+0000)"),
        // Kubeconfigs
        Case(name: "kubeconfig contexts of the wrong shape", arguments: ["login", "reg.example"],
             files: [kubeconfigPath: "contexts: {not: a list}\n"], status: 2, says: ".contexts: expected a list"),
        Case(name: "kubeconfig with an unclosed list", arguments: ["login", "reg.example"], files: [kubeconfigPath: "a: [\n"], status: 2, says: "line 2, column 1: did not find expected node content"),
        Case(name: "kubeconfig indented with a tab", arguments: ["login", "reg.example"], files: [kubeconfigPath: "a:\n\tb: c\n"], status: 2, says: "line 2, column 1: found character that cannot start any token"),
        Case(name: "kubeconfig that expands without end", arguments: ["login", "reg.example"], files: [kubeconfigPath: billionLaughs], status: 2, says: "the document expands to more than 1000000 values"),
        Case(name: "kubeconfig whose aliases multiply its text", arguments: ["login", "reg.example"], files: [kubeconfigPath: textLaughs], status: 2,
             says: "line 1, column 2097220: the document expands to more than 16 MiB of text"),
        Case(name: "kubeconfig nested 100,000 deep", arguments: ["login", "reg.example"], files: [kubeconfigPath: "a: " + String(repeating: "[", count: 100_000)],
             status: 2, says: "line 1, column 67: nested deeper than 64 levels"),
        Case(name: "kubeconfig of 200,000 contexts", arguments: ["login", "reg.example", "--context", "c199999"], files: [kubeconfigPath: manyContexts],
             status: 2, says: "the kubeconfig context c199999 names a cluster or user it does not define"),
        Case(name: "kubeconfig of binary garbage", arguments: ["login", "reg.example"], files: [kubeconfigPath: "\u{1}\u{2}: [\u{3}"], status: 2, says: "line 1, column 1: control characters are not allowed"),
        Case(name: "empty kubeconfig", arguments: ["login", "reg.example"], files: [kubeconfigPath: "\n"], status: 2, says: "the kubeconfig has no current context"),
        Case(name: "exec plugin without a command", arguments: ["login", "reg.example"],
             files: [kubeconfigPath: context + "users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1}}}]\n"], status: 2, says: "the exec section of user u has no command"),
        Case(name: "exec plugin with an unknown interactiveMode", arguments: ["login", "reg.example"],
             files: [kubeconfigPath: context + "users: [{name: u, user: {exec: {command: x, interactiveMode: Sometimes}}}]\n"], status: 2, says: "has interactiveMode Sometimes; Never, IfAvailable or Always"),
        Case(name: "exec plugin of an unknown apiVersion", arguments: ["login", "reg.example"],
             files: [kubeconfigPath: context + "users: [{name: u, user: {exec: {command: sh, apiVersion: client.authentication.k8s.io/v1alpha1}}}]\n"], status: 2, says: "asks for apiVersion client.authentication.k8s.io/v1alpha1"),
        Case(name: "CA data that is not base64", arguments: ["login", "reg.example"],
             files: [kubeconfigPath: "clusters: [{name: c, cluster: {server: s, certificate-authority-data: '%%%'}}]\n"], status: 2, says: "certificate-authority-data of cluster c is not base64 PEM"),
        Case(name: "explicit kubeconfig that is missing", arguments: ["login", "reg.example", "--kubeconfig", "/nonexistent/kubeconfig"], status: 2, says: "cannot read the kubeconfig /nonexistent/kubeconfig"),
        Case(name: "unknown context", arguments: ["login", "reg.example", "--context", "nowhere"],
             files: [kubeconfigPath: context + "users: [{name: u, user: {token: t}}]\n"], status: 2, says: "the kubeconfig has no context named nowhere"),
        Case(name: "KUBECONFIG of missing files only", arguments: ["login", "reg.example"],
             environment: ["KUBECONFIG": "/nonexistent/a:/nonexistent/b"], status: 2, says: "no kubeconfig found (looked at /nonexistent/a, /nonexistent/b)"),
        Case(name: "context naming a user it lacks", arguments: ["login", "reg.example"], files: [kubeconfigPath: context], status: 2, says: "the kubeconfig context x names a cluster or user it does not define"),
        Case(name: "user with a client certificate only", arguments: ["login", "reg.example"],
             files: [kubeconfigPath: context + "users: [{name: u, user: {client-certificate-data: eA==}}]\n"], status: 2, says: "the user u of context x signs in with a client certificate"),
        Case(name: "unreadable tokenFile", arguments: ["login", "reg.example"],
             files: [kubeconfigPath: context + "users: [{name: u, user: {tokenFile: /nonexistent/token}}]\n"], status: 2, says: "cannot read the tokenFile /nonexistent/token"),
        // Options and their combinations
        Case(name: "empty token on stdin", arguments: ["login", "reg.example", "--token-stdin"], stdin: "  \n", status: 2, says: "no token on standard input"),
        Case(name: "a token on stdin larger than a token can be", arguments: ["login", "reg.example", "--token-stdin"], stdin: String(repeating: "x", count: 1 << 20),
             status: 2, says: "standard input holds more than 64 KiB; a token or password is a few KiB — pipe in only the secret"),
        Case(name: "a password on stdin larger than a password can be", arguments: ["login", "reg.example", "--server", "https://127.0.0.1:1", "--username", "u", "--password-stdin"],
             stdin: String(repeating: "x", count: 1 << 20), status: 2, says: "standard input holds more than 64 KiB"),
        Case(name: "--server without --username", arguments: ["login", "reg.example", "--server", "https://api.example:6443"], status: 2, says: "--server needs --username"),
        Case(name: "--server with --token-stdin", arguments: ["login", "reg.example", "--server", "https://a:6443", "--username", "u", "--token-stdin"], status: 2, says: "--server logs in with a password; leave out --token-stdin"),
        Case(name: "--password-stdin without --server or -u", arguments: ["login", "reg.example", "--password-stdin"], status: 2, says: "--password-stdin logs in with the registry's own account: name it with -u USER"),
        Case(name: "--password-stdin with --token-stdin", arguments: ["login", "reg.example", "-u", "u", "--password-stdin", "--token-stdin"], status: 2, says: "both read standard input"),
        Case(name: "--certificate-authority without --server", arguments: ["login", "reg.example", "--certificate-authority", "/etc/hostname"], status: 2, says: "--certificate-authority goes with --server"),
        Case(name: "a password in argv", arguments: ["login", "reg.example", "-u", "u", "-p", "pw-in-argv"], status: 2, says: "where every user of this machine can read it"),
        Case(name: "a user name with a colon", arguments: ["login", "reg.example", "--server", "https://127.0.0.1:1", "--username", "a:b", "--password-stdin"],
             stdin: "pw\n", status: 2, says: "the user name a:b holds a colon"),
        Case(name: "an empty password", arguments: ["login", "reg.example", "--server", "https://127.0.0.1:1", "--username", "u", "--password-stdin"],
             stdin: "\n", status: 2, says: "The password is empty"),
        Case(name: "setup --username without --server", arguments: ["setup", "--username", "u"], status: 2, says: "--username goes with --server"),
        Case(name: "setup with --ca-file and --yes", arguments: ["setup", "reg.example", "--ca-file", "x", "--yes"], status: 2, says: "Give at most one of --ca-file, --fingerprint and --yes"),
        Case(name: "trust install with two sources", arguments: ["trust", "install", "reg.example", "--ca-file", "x", "--from-server"], status: 2, says: "Give exactly one of --ca-file PEM, --from-server or --from-cluster"),
        Case(name: "an unknown engine", arguments: ["pull", "reg.example/app", "--engine", "rkt"], status: 2, says: "The value 'rkt' is invalid for '--engine <engine>'"),
        Case(name: "an unknown engine in REGCTL_ENGINE", arguments: ["pull", "reg.example/app"], environment: ["REGCTL_ENGINE": "rkt"], status: 2, says: "REGCTL_ENGINE is rkt; regctl knows podman and docker"),
        Case(name: "an unknown store", arguments: ["login", "reg.example", "--store", "paper"], status: 2, says: "The value 'paper' is invalid for '--store <store>'"),
        Case(name: "an unknown option", arguments: ["status", "--colour"], status: 2, says: "Unknown option '--colour'"),
        Case(name: "an unknown scope", arguments: ["trust", "install", "reg.example", "--from-server", "--scope", "world"], status: 2, says: "The value 'world' is invalid for '--scope <scope>'"),
        Case(name: "pull-secret in XML", arguments: ["pull-secret", "reg.example", "--output", "xml"], status: 2, says: "The value 'xml' is invalid for '--output <output>'"),
        Case(name: "pull-secret lasting five minutes", arguments: ["pull-secret", "reg.example", "--service-account", "b", "--duration", "5m"], status: 2, says: "The value '5m' is invalid for '--duration <duration>'"),
        Case(name: "pull-secret --link without --apply", arguments: ["pull-secret", "reg.example", "--link", "builder"], status: 2, says: "--link goes with --apply"),
        Case(name: "pull-secret --yes without --context", arguments: ["pull-secret", "reg.example", "--yes"], status: 2, says: "--yes goes with --context"),
        Case(name: "pull-secret --from-login --context without --apply", arguments: ["pull-secret", "reg.example", "--from-login", "--context", "c"],
             status: 2, says: "--from-login without --apply asks no cluster; leave out --context"),
        Case(name: "pull-secret for a login bound to no cluster", arguments: ["pull-secret", "reg.example"],
             files: [configPath: #"{"registries": {"reg.example": {"store": "secret-service", "username": "u"}}}"#], status: 2, says: "the login to reg.example is not bound to a cluster"),
        Case(name: "pull-secret with an invalid name", arguments: ["pull-secret", "reg.example", "--name", "Bad_Name"],
             files: [configPath: #"{"registries": {"reg.example": {"store": "file", "username": "u"}}}"#], status: 2, says: "Bad_Name is not a valid Kubernetes name"),
        Case(name: "pull-secret for a host regctl does not manage", arguments: ["pull-secret", "reg.example"], status: 1, says: "regctl holds no credential for reg.example"),
        // Environment
        Case(name: "XDG_RUNTIME_DIR that does not exist", arguments: ["pull", "reg.example/app"],
             files: [configPath: #"{"registries": {"reg.example": {"store": "secret-service", "username": "u"}}}"#],
             environment: ["XDG_RUNTIME_DIR": "/nonexistent/run"], status: 2, says: "XDG_RUNTIME_DIR is set to /nonexistent/run, which does not exist"),
        Case(name: "no D-Bus session for a keyring login", arguments: ["logout", "reg.example"], files: keyringLogin, status: 4, says: "the desktop keyring (Secret Service) is not available: no D-Bus session bus"),
        Case(name: "a locked keyring", arguments: ["logout", "reg.example"], files: keyringLogin, lockedKeyring: true, status: 4, says: "the desktop keyring is locked and cannot be unlocked here"),
        Case(name: "a home that is read-only to the user", arguments: ["trust", "install", "reg.example", "--ca-file", "/etc/ssl/certs/ISRG_Root_X1.pem", "--scope", "user"],
             asNobody: true, status: 1, says: "certs.d/reg.example/ca.crt: the directory is not writable by you"),
        // Files that are not what they should be
        Case(name: "docker's config.json a loop of links", arguments: ["logout", "reg.example"], files: fileLogin,
             links: [dockerConfigPath: "config.json"], status: 2, says: ".docker/config.json: Too many levels of symbolic links"),
        Case(name: "docker's config.json a directory", arguments: ["logout", "reg.example"], files: fileLogin,
             directories: [dockerConfigPath], status: 2, says: ".docker/config.json: it is a directory"),
        Case(name: "regctl's config a loop of links", arguments: ["status"], links: [configPath: "config.json"], status: 2, says: "regctl/config.json: Too many levels of symbolic links"),
        Case(name: "regctl's config a link to a directory", arguments: ["pull-secret", "reg.example"], links: [configPath: "/etc"], status: 2, says: "regctl/config.json: it is a directory"),
        Case(name: "kubeconfig a link to a device that never ends", arguments: ["login", "reg.example"], links: [kubeconfigPath: "/dev/zero"],
             status: 2, says: ".kube/config (it is not a regular file)"),
        Case(name: "kubeconfig larger than a kubeconfig can be", arguments: ["login", "reg.example"],
             files: [kubeconfigPath: "# " + String(repeating: "x", count: 9 << 20) + "\n"], status: 2, says: ".kube/config (it is larger than 8 MiB)"),
        Case(name: "tokenFile that never ends", arguments: ["login", "reg.example"],
             files: [kubeconfigPath: context + "users: [{name: u, user: {tokenFile: /dev/zero}}]\n"], status: 2, says: "cannot read the tokenFile /dev/zero"),
    ]

    static var billionLaughs: String {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 { text += "a\(level): &a\(level) [\(Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", "))]\n" }
        return text
    }

    /// Two 1 MiB strings, each aliased eight times: 18 MiB of text from a 2 MiB file.
    static var textLaughs: String {
        let mebibyte = String(repeating: "x", count: 1 << 20)
        return "[&a \(mebibyte), &b \(mebibyte), \(Array(repeating: "*a, *b", count: 8).joined(separator: ", "))]\n"
    }

    /// 200,000 contexts that name no cluster or user, the last one asked for.
    static var manyContexts: String {
        "contexts: [\((0..<200_000).map { "{name: c\($0)}" }.joined(separator: ", "))]\n"
    }

    @Test("each gets its exit code and a short message, and no file changes", arguments: cases)
    func hostile(_ input: Case) async throws {
        try await withSandbox { sandbox in
            func path(_ name: String) -> String { name.hasPrefix("~/") ? sandbox.home.appendingPathComponent(String(name.dropFirst(2))).path : name }
            for (name, content) in input.files {
                let url = URL(fileURLWithPath: path(name))
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try sandbox.write(content, to: url)
            }
            for (name, target) in input.links {
                let link = URL(fileURLWithPath: path(name))
                try FileManager.default.createDirectory(at: link.deletingLastPathComponent(), withIntermediateDirectories: true)
                try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: target)
            }
            for name in input.directories { try FileManager.default.createDirectory(atPath: path(name), withIntermediateDirectories: true) }
            if input.lockedKeyring {
                // A login keyring that holds the credential, locked at the next start.
                let first = try await sandbox.startKeyring()
                try #require(try await sandbox.run(["docker-credential-secretservice", "store"], stdin: #"{"ServerURL":"reg.example","Username":"u","Secret":"s"}"#).succeeded)
                await first.stop()
                _ = try await sandbox.startKeyring(unlocked: false)
            }
            for (name, value) in input.environment { sandbox.setEnvironment(name, value) }
            let before = sandbox.fileSnapshot()
            let result = input.asNobody
                ? try await sandbox.regctlAsNobody(input.arguments.map(path))
                : try await sandbox.regctl(input.arguments.map(path), stdin: input.stdin)
            #expect(result.status == input.status, "\(result)")
            let lines = result.stderr.split(separator: "\n").filter { !$0.hasPrefix("Usage:") && !$0.hasPrefix("  See '") }
            #expect(lines.first?.hasPrefix("Error: ") == true, "\(result.stderr)")
            #expect((1...2).contains(lines.count), "one or two lines: \(result.stderr)")
            #expect(result.stderr.contains(input.says), "\(result.stderr)")
            #expect(!result.stderr.contains("Error(") && !result.stderr.contains("/.build/"), "no type names or build paths: \(result.stderr)")
            #expect(sandbox.fileSnapshot() == before, "a file changed")
        }
    }
}
