import Foundation

/// The outcome of `regctl trust verify HOST`: a real handshake per client, each with the
/// roots that client would use.
public struct TrustVerificationReport: Codable, Sendable {
    public struct Check: Codable, Sendable {
        /// `containers` (podman, skopeo, buildah) or `docker` (the daemon).
        public let client: String
        /// The certs.d directory the client uses, if any.
        public let directory: String?
        public let verified: Bool
        public let reason: String?
    }

    public let host: RegistryHost
    public let checks: [Check]
    /// A containers certs.d directory that hides a later one holding a CA that works.
    public let shadowedBy: String?

    public var verified: Bool { checks.allSatisfy(\.verified) }
}

/// Verifies a registry's TLS the way each client would see it.
public struct TrustVerification: Sendable {
    let directories: CertsDirectories
    let log = StepLog.logger("trust")

    public init(directories: CertsDirectories) {
        self.directories = directories
    }

    public func verify(_ host: RegistryHost) async -> TrustVerificationReport {
        let containersDirectory = directories.containersDirectory(for: host)
        let containers = await check("containers", host, directory: containersDirectory?.url)
        let dockerDirectory = directories.directory(.docker, for: host)
        let docker = await check("docker", host, directory: FileManager.default.fileExists(atPath: dockerDirectory.path) ? dockerDirectory : nil)

        var shadowedBy: String?
        if !containers.verified, let first = containersDirectory {
            let later = [CertsLocation.containersUser, .containersSystem, .docker]
                .drop { $0 != first.location }.dropFirst()
                .map { directories.directory($0, for: host) }
                .filter { FileManager.default.fileExists(atPath: $0.path) }
            for directory in later where await check("containers", host, directory: directory).verified {
                shadowedBy = first.url.path
                break
            }
        }
        return TrustVerificationReport(host: host, checks: [containers, docker], shadowedBy: shadowedBy)
    }

    private func check(_ client: String, _ host: RegistryHost, directory: URL?) async -> TrustVerificationReport.Check {
        let roots = directories.certificates(in: directory)
        log.debug("handshake with \(host) as \(client) would do it, trusting the system roots and \(roots.count) CA(s) from \(directory?.path ?? "no certs.d directory")")
        switch await TLSProbe.verify(host, trusting: roots) {
        case .success: return .init(client: client, directory: directory?.path, verified: true, reason: nil)
        case .failure(let error): return .init(client: client, directory: directory?.path, verified: false, reason: error.message)
        }
    }
}
