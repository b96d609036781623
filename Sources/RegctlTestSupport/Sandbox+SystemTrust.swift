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

/// The operating system's trust store, relocated into the sysroot: what
/// `trust install --os-store` changes under `REGCTL_SYSROOT`.
extension Sandbox {
    /// Copies the machine's public roots into the sysroot and builds Debian's store there
    /// with the real `update-ca-certificates`; returns its bundle and directory, to hand a
    /// Go client as `SSL_CERT_FILE` and `SSL_CERT_DIR`.
    public func makeSystemTrustStore() async throws -> (bundle: String, directory: String) {
        let sysroot = sysroot.path
        let made = try await run(["sh", "-c", """
            mkdir -p "$1/usr/share" "$1/usr/local/share/ca-certificates" "$1/etc/ssl/certs" && \
            cp -r /usr/share/ca-certificates "$1/usr/share/" && cp /etc/ca-certificates.conf "$1/etc/" && \
            update-ca-certificates --fresh --certsconf "$1/etc/ca-certificates.conf" --certsdir "$1/usr/share/ca-certificates" \
              --localcertsdir "$1/usr/local/share/ca-certificates" --etccertsdir "$1/etc/ssl/certs" --hooksdir "$1/etc/ca-certificates/update.d"
            """, "sh", sysroot])
        guard made.succeeded else { throw HarnessError("cannot build the relocated system trust store: \(made)") }
        return ("\(sysroot)/etc/ssl/certs/ca-certificates.crt", "\(sysroot)/etc/ssl/certs")
    }

    /// The base64 bodies of the certificates in the PEM file `file`, in order.
    public static func certificates(in file: String) throws -> [String] {
        try String(contentsOfFile: file, encoding: .utf8).components(separatedBy: "-----BEGIN CERTIFICATE-----").dropFirst()
            .map { $0.components(separatedBy: "-----END CERTIFICATE-----")[0] }
    }
}

/// A copy of the machine's `/etc`, to bind-mount over it in a private mount namespace.
extension Sandbox {
    /// Copies `/etc` into `directory`, leaving out the temporary files with which `useradd`
    /// and `userdel` (tests that add accounts run beside this one) lock and replace the
    /// account files: `passwd.PID`, `passwd.lock`, `passwd+`, `passwd-` and the same for `group`,
    /// `shadow`, `gshadow`, `subuid`, `subgid`. They come and go while the copy is made.
    public func copyOfEtc(to directory: URL) async throws {
        let copied = try await run(["sh", "-c", """
            set -e
            mkdir -p "$1" && cd /etc
            for name in * .[!.]*; do
              case "$name" in
                '.[!.]*') continue ;;
                passwd[-.+]*|group[-.+]*|shadow[-.+]*|gshadow[-.+]*|subuid[-.+]*|subgid[-.+]*) continue ;;
              esac
              cp -a "$name" "$1/"
            done
            """, "sh", directory.path])
        guard copied.succeeded else { throw HarnessError("cannot copy /etc: \(copied)") }
    }
}
