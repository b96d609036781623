import Foundation

/// A real HTTP proxy, squid, on 127.0.0.1. Its `hosts_file` maps the names given (say
/// `registry.test`) to 127.0.0.1 and it has no DNS, so those names reach the harness's
/// servers only through it: a client that skips the proxy cannot even resolve them.
public final class ProxyServer: Sendable {
    public let port: Int
    public let process: BackgroundProcess
    private let accessLog: URL

    init(directory: URL, hosts: [String], credentials: (user: String, password: String)?, environment: [String: String]) async throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // squid drops to its own user, which writes the logs here.
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: directory.path)
        accessLog = directory.appendingPathComponent("access.log")
        try "127.0.0.1 \(hosts.joined(separator: " "))\n".write(to: directory.appendingPathComponent("hosts"), atomically: true, encoding: .utf8)
        var access = "http_access allow localhost"
        if let credentials {
            let hashed = try await ProgramRunner.run(["openssl", "passwd", "-1", "-stdin"], environment: environment, stdin: credentials.password)
            guard hashed.succeeded else { throw HarnessError("openssl passwd failed: \(hashed)") }
            let passwords = directory.appendingPathComponent("passwd")
            try "\(credentials.user):\(hashed.stdout.trimmingCharacters(in: .whitespacesAndNewlines))\n".write(to: passwords, atomically: true, encoding: .utf8)
            access = """
                auth_param basic program /usr/lib/squid/basic_ncsa_auth \(passwords.path)
                auth_param basic realm regctl-test-proxy
                acl authenticated proxy_auth REQUIRED
                http_access allow localhost authenticated
                """
        }
        // The port is free when reserved, but another program may take it before squid binds
        // it (an outgoing connection's ephemeral port, say): then squid tries another.
        for attempt in 1... {
            let reserved = try ReservedPort()
            reserved.release()
            let config = directory.appendingPathComponent("squid.conf")
            try """
                http_port 127.0.0.1:\(reserved.port)
                pid_filename \(directory.path)/squid.pid
                cache_log \(directory.path)/cache.log
                access_log stdio:\(accessLog.path)
                coredump_dir \(directory.path)
                hosts_file \(directory.path)/hosts
                dns_nameservers 127.0.0.1
                cache deny all
                pinger_enable off
                shutdown_lifetime 0 seconds
                \(access)
                http_access deny all

                """.write(to: config, atomically: true, encoding: .utf8)
            let process = try await BackgroundProcess(
                name: "squid", ["squid", "-N", "-d", "1", "-f", config.path],
                environment: environment, log: directory.appendingPathComponent("squid-\(attempt).log")
            )
            do {
                _ = try await process.waitForLog(#/Accepting HTTP (Socket) connections/#)
                (port, self.process) = (reserved.port, process)
                return
            } catch {
                await process.stop()
                guard attempt < 5, "\(error)".contains("Address already in use") else { throw error }
            }
        }
        fatalError("unreachable")
    }

    /// The proxy's URL, with `user:password@` when given.
    public func url(user: String? = nil, password: String? = nil) -> String {
        "http://" + (user.map { "\($0):\(password ?? "")@" } ?? "") + "127.0.0.1:\(port)"
    }

    /// The `host:port` of every `CONNECT` the proxy logged (squid logs a tunnel when it
    /// closes), and the status it gave, waiting briefly for tunnels still closing.
    public func connects() async -> [(target: String, status: Int)] {
        var entries: [(String, Int)] = []
        for _ in 0..<20 {
            let text = (try? String(contentsOf: accessLog, encoding: .utf8)) ?? ""
            entries = text.split(separator: "\n").compactMap { line in
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                guard fields.count > 6, fields[5] == "CONNECT", let status = fields[3].split(separator: "/").last.flatMap({ Int($0) }) else { return nil }
                return (String(fields[6]), status)
            }
            if !entries.isEmpty { break }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return entries
    }

    public func stop() async {
        await process.stop()
    }
}
