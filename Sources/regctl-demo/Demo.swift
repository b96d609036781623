import Foundation
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

        try await show(sandbox, "regctl --version", try await sandbox.regctl(["--version"]))
        try await show(sandbox, "regctl --help", try await sandbox.regctl(["--help"]))
    }

    static func step(_ title: String, _ body: String) {
        print("\n== \(title)\n\(body)")
    }

    static func show(_ sandbox: Sandbox, _ command: String, _ result: CommandResult) async throws {
        print("\n$ \(command)")
        print((result.stdout + result.stderr).trimmingCharacters(in: .newlines))
        guard result.succeeded else { throw HarnessError("`\(command)` exited \(result.status)") }
    }
}
