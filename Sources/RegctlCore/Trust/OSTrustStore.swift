import FoundationEssentials
import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// The operating system's trust store, the roots of curl, OpenSSL and every Go tool: a CA
/// file in the anchors directory, then the distribution's update tool. Chosen, as mkcert
/// does, by which anchors directory exists: Fedora/RHEL's, else Debian/Ubuntu's.
public struct OSTrustStore: Sendable {
    public enum Family: String, Codable, Sendable {
        /// `/usr/local/share/ca-certificates/NAME.crt`, then `update-ca-certificates`.
        case debian
        /// `/etc/pki/ca-trust/source/anchors/NAME.pem`, then `update-ca-trust extract`.
        case fedora
    }

    public let family: Family
    let environment: RegctlEnvironment
    /// The update tool's full path.
    let tool: String

    /// The store of this machine (below `REGCTL_SYSROOT` when set).
    public init(environment: RegctlEnvironment) throws(TrustError) {
        self.environment = environment
        let fedora = environment.systemPath("/etc/pki/ca-trust/source/anchors")
        let debian = environment.systemPath("/usr/local/share/ca-certificates")
        let found: (Family, String)
        if Self.isDirectory(fedora) {
            found = (.fedora, "update-ca-trust")
        } else if Self.isDirectory(debian) {
            found = (.debian, "update-ca-certificates")
        } else {
            throw .osStoreUnsupported(reason: "neither \(fedora.path) nor \(debian.path) exists")
        }
        guard let tool = environment.executable(named: found.1)
            ?? ["/usr/sbin", "/sbin"].map({ "\($0)/\(found.1)" }).first(where: FileManager.default.isExecutableFile)
        else { throw .osStoreUnsupported(reason: "\(found.1) is not installed") }
        if found.0 == .fedora, Self.sysroot(environment) != nil {
            throw .osStoreUnsupported(reason: "update-ca-trust cannot work below REGCTL_SYSROOT")
        }
        family = found.0
        self.tool = tool
    }

    /// regctl's own file for `host` in the anchors directory: `regctl-NAME[_PORT].crt`
    /// (`.pem` on Fedora). A DNS name never holds `_`, so the port cannot be mistaken for
    /// part of the name; an IPv6 address becomes `ipv6_` and its groups joined by `-`.
    public func anchorFile(for host: RegistryHost) -> URL {
        let name = host.name.hasPrefix("[") ? "ipv6_" + host.address.replacing(":", with: "-") : host.name
        let base = "regctl-" + name + (host.port.map { "_\($0)" } ?? "")
        switch family {
        case .debian: return environment.systemPath("/usr/local/share/ca-certificates").appendingPathComponent(base + ".crt")
        case .fedora: return environment.systemPath("/etc/pki/ca-trust/source/anchors").appendingPathComponent(base + ".pem")
        }
    }

    /// Runs the update tool; `fresh` rebuilds the store from scratch, which a removal needs
    /// on Debian (its links to a removed file stay otherwise). The tool's output is logged;
    /// its failure becomes one line.
    func update(fresh: Bool) async throws(TrustError) {
        let arguments = updateArguments(fresh: fresh)
        let command = ([tool] + arguments).map(ShellWords.quoted).joined(separator: " ")
        StepLog.logger("trust").debug("running \(command)")
        let outcome: (success: Bool, output: String)
        do {
            let result = try await Subprocess.run(
                .path(FilePath(tool)), arguments: Arguments(arguments),
                environment: .inherit, output: .string(limit: 1 << 20), error: .string(limit: 1 << 20)
            )
            let text = [result.standardError, result.standardOutput].joined(separator: "\n")
            outcome = (result.terminationStatus.isSuccess, text)
        } catch {
            throw .osStoreUpdateFailed(tool: tool, detail: "could not run it: \(SystemErrorText.describe(error))")
        }
        StepLog.logger("trust").debug("\(tool) said: \(outcome.output)")
        guard outcome.success else { throw .osStoreUpdateFailed(tool: tool, detail: Self.gist(of: outcome.output)) }
    }

    private func updateArguments(fresh: Bool) -> [String] {
        switch family {
        case .fedora: return ["extract"]
        case .debian:
            var arguments = fresh ? ["--fresh"] : []
            if Self.sysroot(environment) != nil {
                let path = { (path: String) in environment.systemPath(path).path }
                arguments += [
                    "--certsconf", path("/etc/ca-certificates.conf"),
                    "--certsdir", path("/usr/share/ca-certificates"),
                    "--localcertsdir", path("/usr/local/share/ca-certificates"),
                    "--etccertsdir", path("/etc/ssl/certs"),
                    "--hooksdir", hooksDirectory,
                ]
            }
            return arguments
        }
    }

    /// The line of the tool's output that says what went wrong: its first error (`E:`) or
    /// the last line it wrote, shortened.
    static func gist(of output: String) -> String {
        let lines = output.split(whereSeparator: \.isNewline).map(\.trimmed).filter { !$0.isEmpty }
        let line = lines.first { $0.hasPrefix("E:") || $0.lowercased().contains("error") } ?? lines.last ?? "no output"
        return UntrustedText.escaped(String(line.prefix(200)))
    }

    static func sysroot(_ environment: RegctlEnvironment) -> String? {
        environment.variables["REGCTL_SYSROOT"].flatMap { $0.isEmpty ? nil : $0 }
    }

    private static func isDirectory(_ url: URL) -> Bool {
        var isDirectory = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory
    }
}
