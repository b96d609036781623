import ArgumentParser
import RegctlCore

/// `regctl trust verify HOST`
struct TrustVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check TLS to a registry with exactly the roots each client would use.",
        discussion: """
            podman, skopeo and buildah use the first existing certs.d directory for HOST and \
            never merge them, so a user directory without the right CA hides a correct system \
            one; verify reports that. --scope user checks podman as you run it, a rootless \
            docker daemon (when its socket is in $XDG_RUNTIME_DIR) and rootless containerd \
            and nerdctl (when ~/.config/containerd or $XDG_RUNTIME_DIR/containerd-rootless \
            exists); system checks podman as root and the docker daemon. Exits 0 when \
            every client verifies, 1 otherwise.
            """
    )

    @OptionGroup var target: TrustTarget

    @OptionGroup var options: ReportingOptions

    func run() async throws {
        options.apply()
        let registry = try target.registry()
        let report = await TrustVerification(directories: CertsDirectories(environment: .current)).verify(registry, scope: target.scope)
        try options.report(report) {
            var lines = report.checks.map { check in
                let place = check.directory ?? "system roots only"
                return check.verified ? "ok      \(check.trustClient.rawValue) (\(place))" : "FAILED  \(check.trustClient.rawValue) (\(place)): \(check.reason ?? "")"
            }
            if let shadow = report.shadowedBy {
                lines.append("\(shadow) hides a later certs.d directory whose CA works: fix or remove it")
            }
            return lines.joined(separator: "\n")
        }
        if !report.verified { throw ExitCode(ExitStatus.failed.rawValue) }
    }
}
