import FoundationEssentials
import Glibc

/// `regctl trust bundle HOST`: the operating system's roots as Go tools load them, plus the
/// CA installed for HOST, as one PEM file — for the tools whose CA flag replaces the system
/// roots (`helm --ca-file`, `oras --ca-file`, `cosign --registry-cacert`,
/// `oc image --certificate-authority`) and for `SSL_CERT_FILE`.
public struct TrustBundle: Encodable, Sendable {
    /// The bundle files of Go's crypto/x509 on Linux, in its order; the first that exists is
    /// the system's.
    public static let systemBundleFiles = [
        "/etc/ssl/certs/ca-certificates.crt",
        "/etc/pki/tls/certs/ca-bundle.crt",
        "/etc/ssl/ca-bundle.pem",
        "/etc/pki/tls/cacert.pem",
        "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
        "/etc/ssl/cert.pem",
    ]

    public let host: RegistryHost
    /// The system bundle the roots come from, a link named by its target: on Fedora and RHEL
    /// Go reads `/etc/pki/tls/certs/ca-bundle.crt`, a link to update-ca-trust's
    /// `/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem`, which this names.
    public let systemFile: String
    public let systemCertificates: Int
    /// The `ca.crt` podman and skopeo use for HOST (the first containers certs.d directory).
    public let caFile: String
    public let hostCertificates: Int
    /// Where it was written, with `--output`.
    public var output: String?
    let pem: String

    enum CodingKeys: String, CodingKey { case host, systemFile, systemCertificates, caFile, hostCertificates, output }

    /// The bundle for `host`: no CA installed for it, or no system bundle, is an error.
    public init(host: RegistryHost, directories: CertsDirectories) throws(TrustError) {
        guard let directory = directories.directory(usedBy: .containers, for: host) else { throw .notTrusted(host: host) }
        let certificates = directories.certificates(in: directory)
        guard !certificates.isEmpty else { throw .notTrusted(host: host) }
        let candidates = Self.systemBundleFiles.map { directories.environment.systemPath($0).path }
        guard let systemFile = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }),
              let system = FileManager.default.contents(atPath: systemFile).map({ String(decoding: $0, as: UTF8.self) })
        else { throw .noSystemBundle(looked: candidates) }
        let hostPEM: String
        do { hostPEM = try CertificateBundle(certificates: certificates).pemString() } catch {
            throw .malformedCertificate(source: directory.path, index: 1, reason: "\(error)")
        }
        self.host = host
        self.systemFile = realpath(systemFile, nil).map { resolved in
            defer { free(resolved) }
            return String(cString: resolved)
        } ?? systemFile
        systemCertificates = system.ranges(of: "-----BEGIN CERTIFICATE-----").count
        caFile = directory.appendingPathComponent("ca.crt").path
        hostCertificates = certificates.count
        pem = (system.hasSuffix("\n") || system.isEmpty ? system : system + "\n")
            + "# \(host): installed by regctl\n" + hostPEM
    }

    /// The bundle as PEM text.
    public var text: String { pem }

    /// Writes the bundle to `file` (mode 0644, replaced atomically) and remembers it; as root,
    /// only below directories root alone controls (``RootWriteGuard``).
    public mutating func write(to file: URL) throws(TrustError) {
        if let reason = RootWriteGuard.refusal(toWrite: file) { throw .writeFailed(path: file.path, reason: reason) }
        if let reason = AtomicWrite.replace(file, with: Data(pem.utf8), mode: 0o644) {
            throw .writeFailed(path: file.path, reason: reason)
        }
        output = file.path
    }
}
