import Foundation
import RegctlCore
import RegctlTestSupport

/// `make demo`: regctl's main job, step by step, against a throwaway TLS registry and
/// keyring in a sandbox. Every step prints the command it runs and what came of it.
@main
struct Demo {
    static func main() async {
        do {
            try await withSandbox { sandbox in try await run(in: sandbox) }
            print("\nDemo finished; the sandbox and its services are gone.")
        } catch {
            print("\nDemo failed: \(error)")
            exit(1)
        }
    }

    static func run(in sandbox: Sandbox) async throws {
        step("Sandbox", "HOME=\(sandbox.home.path)\nREGCTL_SYSROOT=\(sandbox.sysroot.path)")

        let openShift = try await sandbox.startOpenShift()
        let registry = try await sandbox.startRegistry(.token(openShift))
        step("Registry", "docker-registry with OpenShift-style token auth at https://\(registry.host)\n"
            + "token service (OpenShift stand-in) at \(openShift.tokenRealm)\n"
            + "TLS from a CA made for this run: \(sandbox.authority.root.certificate.subject)")

        let keyring = try await sandbox.startKeyring()
        step("Keyring", "gnome-keyring-daemon (PID \(keyring.daemon.pid)) unlocked on a private D-Bus session")

        try await show("regctl --version", try await sandbox.regctl(["--version"]))

        let token = "sha256~demo-\(UUID().uuidString.prefix(8))"
        openShift.grant(token: token, to: "kube:admin")
        try sandbox.writeKubeconfig(openShift: openShift, token: token)
        step("oc login", "the sandbox kubeconfig holds an OpenShift token for kube:admin, as `oc login` leaves it: \(sandbox.kubeconfig.path)")

        let image = try await sandbox.makeTestImage(content: "hello from the regctl demo\n")
        let reference = "\(registry.host)/demo/hello:1"
        let push = ["skopeo", "copy", image.reference, "docker://\(reference)"]
        try await show("skopeo copy … docker://\(reference)   (before trust: expected to fail)", try await sandbox.run(push), mayFail: true)

        try await show("regctl trust install \(registry.host) --from-server   (no terminal to say yes: shows the CA, installs nothing)",
                       try await sandbox.regctl(["trust", "install", registry.host, "--from-server"]), mayFail: true)
        let anchor = CertificateSummary.fingerprint(of: sandbox.authority.root.certificate)
        step("Fingerprint", "the cluster administrator published the CA's SHA-256 fingerprint: \(anchor)")
        try await show("regctl trust install \(registry.host) --from-server --fingerprint \(anchor)",
                       try await sandbox.regctl(["trust", "install", registry.host, "--from-server", "--fingerprint", anchor]))
        try await show("regctl trust list", try await sandbox.regctl(["trust", "list"]))
        try await show("regctl trust verify \(registry.host)", try await sandbox.regctl(["trust", "verify", registry.host]))
        try await show("skopeo copy … docker://\(reference)   (trusted now, but not logged in: expected to fail)", try await sandbox.run(push), mayFail: true)

        try await show("regctl login \(registry.host) -v   (token from the kubeconfig, verified, then stored)",
                       try await sandbox.regctl(["login", registry.host, "-v"]))
        try await show("cat $XDG_RUNTIME_DIR/containers/auth.json   (no secret: a pointer to the helper)",
                       try await sandbox.run(["cat", sandbox.runtimeDirectory.appendingPathComponent("containers/auth.json").path]))
        try await show("skopeo copy … docker://\(reference)   (no --cert-dir, --tls-verify, --creds or --authfile)", try await sandbox.run(push))
        try await show("podman pull \(reference)", try await sandbox.podman(["pull", reference]))
        let pushed = "\(registry.host)/demo/hello:2"
        try await show("podman tag \(reference) \(pushed)", try await sandbox.podman(["tag", reference, pushed]))
        try await show("regctl push \(pushed)   (checks trust and login, then hands over to podman)",
                       try await sandbox.regctl(["push", pushed]))

        openShift.revoke(token: token)
        let renewed = "sha256~demo-\(UUID().uuidString.prefix(8))"
        openShift.grant(token: renewed, to: "kube:admin")
        try sandbox.writeKubeconfig(openShift: openShift, token: renewed)
        step("A day later", "the old token expired (revoked in the stand-in) and `oc login` wrote a new one into the kubeconfig")
        try await show("podman pull \(reference)   (no new regctl login: the helper serves the renewed token)",
                       try await sandbox.podman(["pull", reference]))
        try await show("regctl pull \(pushed) -v", try await sandbox.regctl(["pull", pushed, "-v"]))
        try await show("regctl logout \(registry.host)", try await sandbox.regctl(["logout", registry.host]))
    }

    static func step(_ title: String, _ body: String) {
        print("\n== \(title)\n\(body)")
    }

    static func show(_ command: String, _ result: CommandResult, mayFail: Bool = false) async throws {
        print("\n$ \(command)")
        print((result.stdout + result.stderr).trimmingCharacters(in: .newlines))
        print("(exit \(result.status))")
        guard result.succeeded || mayFail else { throw HarnessError("`\(command)` exited \(result.status)") }
    }
}
