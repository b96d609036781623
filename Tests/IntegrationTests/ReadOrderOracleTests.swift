import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// The real clients are the oracle of the read orders: each case of ``AuthFileFixture`` is
/// written where podman, skopeo and docker read, with stand-in credential helpers on PATH
/// that answer with their own name, and what the clients send is compared with the table
/// (which `CredentialResolverTests` holds regctl's reading to) and with `regctl status`.
/// `DOCKER_CONFIG` is unset, so every client reads `~/.docker/config.json`: podman 4.3 with
/// `DOCKER_CONFIG` set takes `$DOCKER_CONFIG/config.json` for its default `--authfile` and
/// never reads the runtime auth.json (`login --get-login` reads that file alone).
@Suite("read orders: the real clients")
struct ReadOrderOracleTests {
    /// The stand-in helpers the cases name; each answers `get` with ``AuthFileFixture/helperUser(_:)``.
    static let helpers = ["regctl", "desktop", "pass"]
    /// docker asks `docker-credential-secretservice` (`-pass` when `pass` is installed) when
    /// config.json holds no entry at all; a stand-in that holds nothing keeps the installed one out.
    static let emptyStore = "secretservice"

    /// An entry of `regctl status`'s wiring, compared field by field.
    struct Found: Equatable, CustomStringConvertible {
        let kind: WiringStatus.Entry.Kind
        let file: String?
        let helper: String?
        var description: String { "\(kind.rawValue) \(file ?? "-") \(helper ?? "-")" }

        init(kind: WiringStatus.Entry.Kind, file: String?, helper: String?) {
            (self.kind, self.file, self.helper) = (kind, file, helper)
        }

        init(_ entry: WiringStatus.Entry) { self.init(kind: entry.kind, file: entry.file, helper: entry.helper) }
    }

    struct Clients {
        let sandbox: Sandbox
        let server: RecordingServer
        let certificates: String
        var host: String { server.server.host }

        /// `podman login --get-login HOST`: the user name podman finds for the registry.
        func podmanLogin() async throws -> String? {
            let result = try await sandbox.podman(["login", "--get-login", host])
            return result.succeeded ? result.stdout.trimmingCharacters(in: .newlines) : nil
        }

        /// The user name skopeo sends (Basic, after the server's challenge) for a pull of
        /// `HOST/team/app`; nil when no request carries one.
        func skopeoPull() async throws -> String? {
            let seen = server.requests.count
            _ = try await sandbox.run(["skopeo", "inspect", "--cert-dir", certificates, "docker://\(host)/\(AuthFileFixture.repository)"])
            let users = server.requests.dropFirst(seen).compactMap { request -> String? in
                guard let value = request.headers.first(name: "Authorization"), value.hasPrefix("Basic "),
                      let decoded = Data(base64Encoded: String(value.dropFirst(6))) else { return nil }
                return String(decoding: decoded, as: UTF8.self).split(separator: ":", maxSplits: 1).first.map(String.init)
            }
            #expect(Set(users).count <= 1, "one credential per pull: \(users)")
            return users.first
        }

        /// The user name `docker login HOST` logs in with from what docker has stored: docker
        /// names it ("Authenticating with existing credentials... [Username: USER]") before it
        /// asks its daemon, which is not there; with nothing stored it asks for one, which it
        /// cannot without a terminal.
        func dockerLogin() async throws -> String? {
            let result = try await sandbox.run(["docker", "login", host], adding: ["DOCKER_HOST": "unix://\(sandbox.root.path)/no-docker-daemon.sock"])
            #expect(!result.succeeded, "\(result)")
            let marker = "Authenticating with existing credentials... [Username: "
            guard let line = (result.stdout + result.stderr).split(separator: "\n").first(where: { $0.hasPrefix(marker) }) else {
                #expect(result.stderr.contains("non TTY"), "\(result)")
                return nil
            }
            return String(line.dropFirst(marker.count).prefix { $0 != "]" })
        }

        /// What `regctl status` says podman and docker find.
        func regctlView() async throws -> (containers: Found, docker: Found) {
            let status = try await sandbox.regctl(["status", host, "--json", "--offline"])
            let report = try JSONDecoder.iso8601.decode(StatusReport.self, from: Data(status.stdout.utf8))
            let wiring = try #require(report.registries.first?.wiring, "\(status)")
            return (Found(wiring.containers), Found(wiring.docker))
        }

        /// The entry `regctl status` should show for `answer`.
        func entry(_ answer: AuthFileFixture.Answer) -> Found {
            switch answer {
            case .nothing: Found(kind: .none, file: nil, helper: nil)
            case .helper(let name, let file, _):
                Found(kind: name == AuthFiles.helperSuffix ? .regctl : .otherHelper, file: file.url(in: sandbox).path,
                                   helper: name == AuthFiles.helperSuffix ? nil : name)
            case .plain(_, let file, _): Found(kind: .plain, file: file.url(in: sandbox).path, helper: nil)
            }
        }
    }

    @Test("podman login --get-login, skopeo's pull and docker login send what the table says, and regctl status agrees")
    func realClientsAgree() async throws {
        try await withSandbox { sandbox in
            let server = try await sandbox.startRecordingServer(certifiedBy: sandbox.authority)
            let certificates = sandbox.root.appendingPathComponent("client-certs")
            try sandbox.write(try sandbox.authority.certificatePEM, to: certificates.appendingPathComponent("ca.crt"))
            let bin = sandbox.root.appendingPathComponent("stand-in-helpers")
            for name in Self.helpers {
                try await sandbox.writeExecutable("""
                    #!/bin/sh
                    [ "$1" = get ] || exit 1
                    read -r server
                    printf '{"ServerURL":"%s","Username":"\(AuthFileFixture.helperUser(name))","Secret":"x"}\\n' "$server"

                    """, to: bin.appendingPathComponent("docker-credential-\(name)"))
            }
            try await sandbox.writeExecutable("#!/bin/sh\necho 'credentials not found in native keychain'\nexit 1\n",
                                              to: bin.appendingPathComponent("docker-credential-\(Self.emptyStore)"))
            sandbox.setEnvironment("DOCKER_CONFIG", nil)
            sandbox.setEnvironment("PATH", bin.path + ":" + (sandbox.environment["PATH"] ?? ""))
            let clients = Clients(sandbox: sandbox, server: server, certificates: certificates.path)

            for fixture in AuthFileFixture.all(host: clients.host) {
                try fixture.write(into: sandbox)
                let sent = (podman: try await clients.podmanLogin(), skopeo: try await clients.skopeoPull(), docker: try await clients.dockerLogin())
                #expect(sent.podman == fixture.containers.user, "podman login --get-login: \(fixture.name)")
                #expect(sent.skopeo == fixture.containersPull.user, "skopeo, a pull of \(AuthFileFixture.repository): \(fixture.name)")
                #expect(sent.docker == fixture.docker.user, "docker login: \(fixture.name)")
                let view = try await clients.regctlView()
                #expect(view.containers == clients.entry(fixture.containers), "regctl status, podman: \(fixture.name)")
                #expect(view.docker == clients.entry(fixture.docker), "regctl status, docker: \(fixture.name)")
            }
        }
    }
}
