import Foundation

/// An `oc` for a person who follows a fix that says `oc login CLUSTER`. OpenShift's client
/// does not run here, so this stands in for the person's own action, simulated: called as
/// `oc login <the stand-in's API URL>` (or `oc login` alone, when the kubeconfig names that
/// server, as oc then logs in to it), it puts in place (`$KUBECONFIG`, else `~/.kube/config`)
/// the kubeconfig `oc login` would leave, with a token freshly granted by the stand-in;
/// called any other way it exits 1 and says so. It does nothing else.
public struct OcLoginShim: Sendable {
    /// The directory holding `oc`, to put first on PATH.
    public let directory: URL

    /// Grants a new token to `user` in `openShift` and writes the shim for `reader`.
    public static func make(for openShift: OpenShiftStandIn, user: String = "developer", reader: FixReader) async throws -> OcLoginShim {
        let sandbox = reader.sandbox
        let base = reader.home.appendingPathComponent("oc-login-shim")
        let token = "sha256~\(UUID().uuidString)"
        openShift.grant(token: token, to: user)
        let prepared = base.appendingPathComponent("kubeconfig")
        try sandbox.writeKubeconfig(openShift: openShift, token: token, file: prepared)
        sandbox.allowSecret(in: prepared)
        guard chmod(prepared.path, 0o600) == 0 else { throw HarnessError("cannot make \(prepared.path) private") }
        let directory = base.appendingPathComponent("bin")
        try await sandbox.writeExecutable("""
            #!/bin/sh
            target="${KUBECONFIG:-$HOME/.kube/config}"
            if [ "$1" = login ] && { { [ "$#" = 2 ] && [ "$2" = '\(openShift.apiServer)' ]; } || { [ "$#" = 1 ] && grep -qs 'server: \(openShift.apiServer)$' "$target"; }; }; then
                mkdir -p "$(dirname "$target")" && cp '\(prepared.path)' "$target" && chmod 600 "$target" && exit 0
                exit 1
            fi
            echo "oc (a test's stand-in) only does 'oc login \(openShift.apiServer)', or 'oc login' with that server in $target, not: oc $*" >&2
            exit 1

            """, to: directory.appendingPathComponent("oc"))
        try await reader.own(base)
        return OcLoginShim(directory: directory)
    }

    /// The environment that puts this `oc` first on `reader`'s PATH.
    public func path(for reader: FixReader) -> [String: String] {
        ["PATH": directory.path + ":" + (reader.environment["PATH"] ?? "/usr/bin:/bin")]
    }
}
