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
        // As on a fresh machine: docker's files are found through HOME, in ~/.docker.
        sandbox.setEnvironment("DOCKER_CONFIG", nil)
        step("Sandbox", "HOME=\(sandbox.home.path)\nREGCTL_SYSROOT=\(sandbox.sysroot.path)")

        let openShift = try await sandbox.startOpenShift()
        let registry = try await sandbox.startRegistry(.token(openShift))
        openShift.exposeRegistry(host: registry.host)
        step("Cluster", "OpenShift API (stand-in) at \(openShift.apiServer), its integrated registry exposed at \(registry.host)\n"
            + "(docker-registry with OpenShift-style token auth; TLS from a CA made for this run: \(sandbox.authority.root.certificate.subject))")

        let keyring = try await sandbox.startKeyring()
        step("Keyring", "gnome-keyring-daemon (PID \(keyring.daemon.pid)) unlocked on a private D-Bus session")

        try await show("regctl --version", try await sandbox.regctl(["--version"]))

        let token = "sha256~demo-\(UUID().uuidString.prefix(8))"
        openShift.grant(token: token, to: "developer")
        try sandbox.writeKubeconfig(openShift: openShift, token: token)
        step("oc login", "the kubeconfig holds an OpenShift token for the user developer (no administrator), as `oc login` leaves it.\n"
            + "Nothing else is set up: no registry host, no CA, no login.")

        let image = try await sandbox.makeTestImage(content: "hello from the regctl demo\n")
        let reference = "\(registry.host)/developer/hello:1"
        try await show("skopeo copy oci:… containers-storage:\(reference)   (a local image to push)",
                       try await sandbox.run(["skopeo", "copy", image.reference, "containers-storage:\(reference)"]))
        try await show("podman push \(reference)   (before setup: expected to fail)", try await sandbox.podman(["push", reference]),
                       expect: .failure(saying: "certificate signed by unknown authority"))

        try await show("regctl setup   (host and CA from the cluster, login, a last check)", try await sandbox.regctl(["setup"]))
        try await show("cat $XDG_RUNTIME_DIR/containers/auth.json   (no secret: a pointer to the helper)",
                       try await sandbox.run(["cat", sandbox.runtimeDirectory.appendingPathComponent("containers/auth.json").path]))
        try await show("podman push \(reference)   (no --tls-verify, --cert-dir, --creds or --authfile)", try await sandbox.podman(["push", reference]))
        try await show("podman rmi \(reference)", try await sandbox.podman(["rmi", reference]))
        try await show("podman pull \(reference)", try await sandbox.podman(["pull", "--quiet", reference]))
        try await show("regctl setup   (again: everything is in place)", try await sandbox.regctl(["setup"]))
        try await show("regctl status", try await sandbox.regctl(["status"]))

        openShift.revoke(token: token)
        let renewed = "sha256~demo-\(UUID().uuidString.prefix(8))"
        openShift.grant(token: renewed, to: "developer")
        try sandbox.writeKubeconfig(openShift: openShift, token: renewed)
        step("A day later", "the old token expired (revoked in the stand-in) and `oc login` wrote a new one into the kubeconfig")
        try await show("regctl status   (the token in the keyring was revoked; the kubeconfig has a new one)",
                       try await sandbox.regctl(["status"]))
        try await show("podman pull \(reference)   (no new regctl setup or login: the helper serves the renewed token)",
                       try await sandbox.podman(["pull", "--quiet", reference]))
        try FileManager.default.removeItem(at: sandbox.runtimeDirectory.appendingPathComponent("containers/auth.json"))
        step("Reboot", "$XDG_RUNTIME_DIR is a tmpfs: its containers/auth.json, which pointed podman to the helper, is gone")
        try await show("podman login --authfile ~/.config/containers/auth.json …   (a plain entry, the secret in the file)",
                       try await sandbox.podman(["login", "--authfile", sandbox.configHome.appendingPathComponent("containers/auth.json").path,
                                                 "--username", "developer", "--password-stdin", registry.host], stdin: renewed))
        try await show("regctl status   (the plain entry: a warning with its fix)", try await sandbox.regctl(["status"]))
        try await show("regctl logout \(registry.host)", try await sandbox.regctl(["logout", registry.host]))
        try await show("podman pull \(reference)   (logged out: no credential is sent, the registry refuses)",
                       try await sandbox.podman(["pull", "--quiet", reference]), expect: .failure(saying: "authentication required"))
    }

    static func step(_ title: String, _ body: String) {
        print("\n== \(title)\n\(body)")
    }

    /// How a step is to end; any other outcome fails the demo.
    enum Outcome {
        case success
        /// A non-zero exit whose output says why.
        case failure(saying: String)
    }

    static func show(_ command: String, _ result: CommandResult, expect: Outcome = .success) async throws {
        print("\n$ \(command)")
        print((result.stdout + result.stderr).trimmingCharacters(in: .newlines))
        print("(exit \(result.status))")
        switch expect {
        case .success: guard result.succeeded else { throw HarnessError("`\(command)` exited \(result.status)") }
        case .failure(let reason):
            guard !result.succeeded, (result.stdout + result.stderr).contains(reason) else {
                throw HarnessError("`\(command)` exited \(result.status) without saying \"\(reason)\"")
            }
        }
    }
}
