import Foundation
import RegctlTestSupport

extension Sandbox {
    /// Makes a runtime directory that `nobody` owns (0700) the sandbox's `XDG_RUNTIME_DIR`, as
    /// a session gives each user, so that regctl run as nobody can stage a CA for root there.
    func useRuntimeDirectoryOfNobody() throws -> URL {
        let directory = root.appendingPathComponent("run-nobody")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        guard chown(directory.path, 65534, 65534) == 0 else { throw HarnessError("cannot hand \(directory.path) to nobody") }
        setEnvironment("XDG_RUNTIME_DIR", directory.path)
        return directory
    }
}

/// The command an error's advice says to run as root (`Run: sudo …`), as a line.
func commandToRunAsRoot(in stderr: String) throws -> String {
    guard let line = stderr.split(separator: "\n").first(where: { $0.hasPrefix("Run: sudo ") }) else {
        throw HarnessError("no command to run in: \(stderr)")
    }
    return String(line.dropFirst("Run: ".count))
}
