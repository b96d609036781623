import Foundation

/// A real `docker-registry` (distribution v2) serving TLS on 127.0.0.1 (or `address`) with an ephemeral port.
public final class RegistryServer: Sendable {
    /// How the registry authenticates clients.
    public enum Authentication: Sendable {
        /// Basic auth from an htpasswd file with these users and passwords.
        case htpasswd([String: String])
        /// Bearer token auth, tokens issued by the OpenShift stand-in.
        case token(OpenShiftStandIn)
        /// None: anyone may pull and push (for tests of TLS trust alone).
        case open
    }

    /// `127.0.0.1:PORT` (or `address:PORT`), as it appears in image references and certs.d.
    public let host: String
    public let process: BackgroundProcess
    private let authentication: Authentication
    /// The token service behind this registry's own certificate, when its CA is not the stand-in's.
    private let realmServer: LoopbackHTTPSServer?

    /// Starts a registry whose files live in `directory`. With `servesCA` the TLS chain it
    /// presents includes the CA, as an OpenShift router's does; its certificate names `serverNames`.
    /// It listens on `address`, started through `launcher` (e.g. `nsenter` into a namespace).
    public init(
        authentication: Authentication,
        authority: TestCertificateAuthority,
        servesCA: Bool = true,
        serverNames: [String] = ["localhost", "127.0.0.1"],
        realmHostName: String? = nil,
        address: String = "127.0.0.1",
        launcher: [String] = [],
        directory: URL,
        environment: [String: String]
    ) async throws {
        self.authentication = authentication
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let server = try authority.issueServerCertificate(for: serverNames)
        let certificate = directory.appendingPathComponent("server.crt")
        let key = directory.appendingPathComponent("server.key")
        let chain = try server.certificatePEM + (servesCA ? try authority.certificatePEM : "")
        try chain.write(to: certificate, atomically: true, encoding: .utf8)
        try server.privateKeyPEM.write(to: key, atomically: true, encoding: .utf8)

        let authSection: String
        var realmServer: LoopbackHTTPSServer?
        switch authentication {
        case .open:
            authSection = ""
        case .htpasswd(let users):
            let file = directory.appendingPathComponent("htpasswd")
            var lines = ""
            for (user, password) in users.sorted(by: { $0.key < $1.key }) {
                let result = try await ProgramRunner.run(["htpasswd", "-niB", user], environment: environment, stdin: password)
                guard result.succeeded else { throw HarnessError("htpasswd failed: \(result)") }
                lines += result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) + "\n"
            }
            try lines.write(to: file, atomically: true, encoding: .utf8)
            authSection = """
                  htpasswd:
                    realm: regctl-test
                    path: \(file.path)
                """
        case .token(let openShift):
            let bundle = directory.appendingPathComponent("token-roots.crt")
            try openShift.authority.certificatePEM.write(to: bundle, atomically: true, encoding: .utf8)
            // OpenShift's realm is HOST/openshift/token, behind the registry's own certificate
            // (with `realmHostName`: under the registry's host name, on a port of its own).
            var realm = openShift.tokenRealm
            if authority.root.certificate != openShift.authority.root.certificate || realmHostName != nil {
                let endpoint = try await openShift.endpoint(certifiedBy: authority, names: realmHostName.map { [$0] } ?? ["localhost", "127.0.0.1"])
                realmServer = endpoint
                realm = "https://\(realmHostName.map { "\($0):\(endpoint.port)" } ?? endpoint.host)/openshift/token"
            }
            authSection = """
                  token:
                    realm: \(realm)
                    service: \(openShift.tokenSigner.service)
                    issuer: \(openShift.tokenSigner.issuer)
                    rootcertbundle: \(bundle.path)
                """
        }
        let config = directory.appendingPathComponent("config.yml")
        try """
            version: 0.1
            log:
              level: info
            storage:
              filesystem:
                rootdirectory: \(directory.appendingPathComponent("data").path)
              delete:
                enabled: true
            http:
              addr: \(address):0
              secret: regctl-test-http-secret
              tls:
                certificate: \(certificate.path)
                key: \(key.path)
            auth:
            \(authSection)

            """.write(to: config, atomically: true, encoding: .utf8)

        self.realmServer = realmServer
        process = try await BackgroundProcess(
            name: "docker-registry",
            launcher + ["docker-registry", "serve", config.path],
            environment: environment,
            log: directory.appendingPathComponent("registry.log")
        )
        do {
            let port = try await process.waitForLog(#/listening on [0-9.]+:(\d+)/#)
            host = "\(address):\(port)"
        } catch {
            await process.stop()
            await realmServer?.stop()
            throw error
        }
    }

    /// The password of an htpasswd user.
    public func password(for user: String) -> String? {
        guard case .htpasswd(let users) = authentication else { return nil }
        return users[user]
    }

    public func stop() async {
        await process.stop()
        await realmServer?.stop()
    }
}
