import Foundation
import Glibc
import RegctlCore
import RegctlTestSupport
import Testing

/// The lock beside an auth file (`.auth.json.lock`) in a directory others may write: a link
/// or file another user (`nobody`) left there is refused, never followed, and its target
/// stays untouched.
@Suite("lock files")
struct LockFileTests {
    @Test("a lock that is a link of another user's, or a file of theirs: the login is refused, nothing is written, the target is not created")
    func foreignLock() async throws {
        try await withSandbox { sandbox in
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": "lock-test-password"]))
            try await sandbox.regctl(["trust", "install", registry.host, "--ca-file", try sandbox.writeCAFile(), "--scope", "user"]).required()
            let shared = sandbox.root.appendingPathComponent("shared")
            try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o1777])
            let authFile = shared.appendingPathComponent("auth.json")
            let lock = shared.appendingPathComponent(".auth.json.lock")
            let target = shared.appendingPathComponent("planted")
            sandbox.allowSecret(in: authFile)
            sandbox.allowSecret(in: sandbox.dockerConfigFile)
            let regctl = Sandbox.productsDirectory.appendingPathComponent("regctl").path
            func login() async throws -> CommandResult {
                try await sandbox.run(
                    [regctl, "login", registry.host, "--username", "alice", "--token-stdin", "--store", "file"],
                    stdin: "lock-test-password\n", adding: ["REGISTRY_AUTH_FILE": authFile.path]
                )
            }
            func asNobody(_ arguments: [String]) async throws {
                try await sandbox.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"] + arguments).required()
            }
            let before = sandbox.fileSnapshot()

            try await asNobody(["ln", "-s", target.path, lock.path])
            let linked = try await login()
            #expect(linked.status == 1, "\(linked)")
            #expect(linked.stderr.contains("its lock file \(lock.path) is a symbolic link, which regctl does not follow"), "\(linked.stderr)")
            #expect(!FileManager.default.fileExists(atPath: target.path), "the link was not followed")
            #expect(!FileManager.default.fileExists(atPath: authFile.path))
            #expect(sandbox.fileSnapshot() == before, "nothing written")

            try FileManager.default.removeItem(at: lock)
            try await asNobody(["touch", lock.path])
            let foreign = try await login()
            #expect(foreign.status == 1, "\(foreign)")
            #expect(foreign.stderr.contains("its lock file \(lock.path) is not a regular file of yours"), "\(foreign.stderr)")
            #expect(!FileManager.default.fileExists(atPath: authFile.path))
            #expect(sandbox.fileSnapshot() == before, "nothing written")

            // The control: with the foreign lock gone, the same login works and makes its own lock.
            try FileManager.default.removeItem(at: lock)
            let own = try await login()
            #expect(own.succeeded, "\(own)")
            #expect(FileManager.default.fileExists(atPath: authFile.path))
            let attributes = try FileManager.default.attributesOfItem(atPath: lock.path)
            #expect(attributes[.type] as? FileAttributeType == .typeRegular && (attributes[.ownerAccountID] as? NSNumber)?.uint32Value == geteuid())
        }
    }
}
