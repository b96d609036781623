import Foundation

/// Fedora's trust store on this Debian machine, with the real paths and no `REGCTL_SYSROOT`:
/// a copy of `/etc` laid out as Fedora's, bind-mounted over `/etc` in a private mount
/// namespace (`unshare --mount`) for each program run in it.
///
/// In the copy: `pki/ca-trust/source/anchors`, the extracted bundle
/// `pki/ca-trust/extracted/pem/tls-ca-bundle.pem` with Fedora's links to it
/// (`pki/tls/certs/ca-bundle.crt`, which Go reads, and `pki/tls/cert.pem`, OpenSSL's), and
/// `ssl/certs` a link to `pki/tls/certs`. Debian has no `update-ca-trust`: a stand-in on PATH
/// runs p11-kit's `trust extract` as Fedora's `update-ca-trust extract` does for the TLS
/// bundle, and records its arguments. p11-kit's trust module reads Fedora's source paths
/// (`pkcs11/modules/p11-kit-trust.module`), plus Debian's public roots as one file,
/// `pki/ca-trust/public-roots.pem`, in place of Fedora's `/usr/share/pki/ca-trust-source`.
public struct FedoraTrustStore: Sendable {
    /// The copy of `/etc`.
    public let etc: URL
    /// The directory of the `update-ca-trust` stand-in.
    let tools: URL
    let sandbox: Sandbox

    /// The TLS bundle, as Fedora's update-ca-trust writes it (inside the namespace).
    public static let bundle = "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem"

    /// Makes the copy and extracts its bundle once.
    public static func make(in sandbox: Sandbox) async throws -> FedoraTrustStore {
        let etc = sandbox.root.appendingPathComponent("fedora-etc")
        let tools = sandbox.root.appendingPathComponent("fedora-tools")
        try await sandbox.copyOfEtc(to: etc)
        let made = try await sandbox.run(["sh", "-c", """
            set -e
            rm -rf "$1/ssl/certs" && mkdir -p "$1/pki/tls/certs" && ln -s ../pki/tls/certs "$1/ssl/certs"
            mkdir -p "$1/pki/ca-trust/source/anchors" "$1/pki/ca-trust/extracted/pem" "$1/pkcs11/modules"
            ln -s /etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem "$1/pki/tls/certs/ca-bundle.crt"
            ln -s /etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem "$1/pki/tls/cert.pem"
            cp /etc/ssl/certs/ca-certificates.crt "$1/pki/ca-trust/public-roots.pem"
            sed 's|^x-init-reserved:.*|x-init-reserved: paths=/etc/pki/ca-trust/source:/usr/share/pki/ca-trust-source:/etc/pki/ca-trust/public-roots.pem|' \
              /usr/share/p11-kit/modules/p11-kit-trust.module > "$1/pkcs11/modules/p11-kit-trust.module"
            """, "sh", etc.path])
        guard made.succeeded else { throw HarnessError("cannot make Fedora's /etc: \(made)") }
        try await sandbox.writeExecutable("""
            #!/bin/sh
            # update-ca-trust's TLS bundle, made by p11-kit as Fedora's update-ca-trust makes it
            printf '%s\\n' "$*" >> \(tools.appendingPathComponent("calls").path)
            [ "$1" = extract ] || { echo "update-ca-trust stand-in: only extract" >&2; exit 2; }
            exec trust extract --format=pem-bundle --filter=ca-anchors --overwrite --comment --purpose server-auth \(bundle)

            """, to: tools.appendingPathComponent("update-ca-trust"))
        let store = FedoraTrustStore(etc: etc, tools: tools, sandbox: sandbox)
        let extracted = try await store.run(["update-ca-trust", "extract"])
        guard extracted.succeeded else { throw HarnessError("cannot extract Fedora's bundle: \(extracted)") }
        try FileManager.default.removeItem(at: tools.appendingPathComponent("calls"))
        return store
    }

    /// Runs `arguments` in the namespace with the sandbox environment, without
    /// `REGCTL_SYSROOT`, the stand-in first on PATH.
    public func run(_ arguments: [String]) async throws -> CommandResult {
        let namespaced = ["unshare", "--mount", "--propagation", "private", "--", "sh", "-c",
                          #"mount --bind "$1" /etc && shift && exec env -u REGCTL_SYSROOT "$@""#, "sh", etc.path] + arguments
        let result = try await sandbox.run(namespaced, adding: ["PATH": tools.path + ":" + (sandbox.environment["PATH"] ?? "/usr/bin:/bin")])
        guard !result.stderr.hasPrefix("unshare:"), !result.stderr.hasPrefix("mount:") else {
            throw HarnessError("cannot make a private mount namespace over /etc (needs root): \(result)")
        }
        return result
    }

    /// Runs the freshly built `regctl` in the namespace.
    public func regctl(_ arguments: [String]) async throws -> CommandResult {
        try await run([Sandbox.productsDirectory.appendingPathComponent("regctl").path] + arguments)
    }

    /// GETs `url` in the namespace with ``GoClient``'s program and Go's own choice of system
    /// roots on Linux (no `SSL_CERT_FILE`): on this layout, `/etc/pki/tls/certs/ca-bundle.crt`.
    public func goGet(_ url: String) async throws -> CommandResult {
        try await run(["env", "-i", "PATH=/usr/bin:/bin", "HOME=\(sandbox.home.path)", try await GoClient.program.binary(), url])
    }

    /// The arguments each `update-ca-trust` run was given since ``make(in:)``.
    public func updateCalls() -> [String] {
        let text = (try? String(contentsOf: tools.appendingPathComponent("calls"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// ``bundle`` as seen from outside the namespace.
    public var extractedBundle: String { etc.appendingPathComponent("pki/ca-trust/extracted/pem/tls-ca-bundle.pem").path }
}
