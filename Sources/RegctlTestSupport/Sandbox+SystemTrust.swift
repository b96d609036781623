import Foundation

/// A machine whose system trust store holds a CA it should not: an administrator's mistake
/// or an attacker's, made without touching this machine.
extension Sandbox {
    /// The directory that swift-nio-ssl (BoringSSL) reads as the system roots on Debian:
    /// the bundle `ca-certificates.crt` in it, and its hashed certificates.
    static let systemCertificates = "/etc/ssl/certs"

    /// Runs the freshly built `regctl` in a private mount namespace (`unshare --mount`) in
    /// which ``systemCertificates`` holds `authority`'s CA and nothing else; the rest of the
    /// machine keeps its own. Traced and recorded for the secret audit as `regctl` itself.
    public func regctl(_ arguments: [String], stdin: String = "", systemTrusting authority: TestCertificateAuthority) async throws -> CommandResult {
        let store = root.appendingPathComponent("system-certs-\(UUID().uuidString.prefix(6))")
        try write(try authority.certificatePEM, to: store.appendingPathComponent("ca-certificates.crt"))
        let regctl = [Self.productsDirectory.appendingPathComponent("regctl").path] + arguments
        let namespaced = ["unshare", "--mount", "--propagation", "private", "--", "sh", "-c",
                          #"mount --bind "$1" \#(Self.systemCertificates) && shift && exec "$@""#, "sh", store.path] + regctl
        let result = try await ProgramRunner.run(audit?.traced(namespaced) ?? namespaced, environment: environment, stdin: stdin, name: ProgramRunner.commandLine(regctl))
        guard !result.stderr.hasPrefix("unshare:"), !result.stderr.hasPrefix("mount:") else {
            throw HarnessError("cannot make a private mount namespace with its own system CAs (needs root): \(result)")
        }
        let labelled = result.labelled(regctl)
        audit?.record(labelled)
        return labelled
    }
}
