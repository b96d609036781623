import Foundation

extension Sandbox {
    /// Every regular file and symbolic link below the sandbox's HOME and sysroot, with its
    /// bytes: a snapshot to prove a refused command changed nothing.
    public func fileSnapshot() -> [String: Data] {
        var snapshot: [String: Data] = [:]
        for top in [home, sysroot] {
            guard let walker = FileManager.default.enumerator(at: top, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walker {
                let path = url.path
                if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
                    snapshot[path] = Data("link:\(target)".utf8)
                } else if let data = FileManager.default.contents(atPath: path) {
                    snapshot[path] = data
                } else {
                    snapshot[path] = Data("directory".utf8)
                }
            }
        }
        return snapshot
    }

    /// Writes the run's CA (or `pem`) to a file in the sandbox and returns its path.
    public func writeCAFile(_ pem: String? = nil, name: String = "ca.pem") throws -> String {
        let file = root.appendingPathComponent("input/\(name)")
        try write(try pem ?? authority.certificatePEM, to: file)
        return file.path
    }
}

extension Sandbox {
    /// Writes an executable script (a PATH shim) at `url`, through a child process: a file
    /// this multi-threaded test process held open for writing could leak into a concurrently
    /// spawned child and make exec fail with "Text file busy".
    public func writeExecutable(_ script: String, to url: URL) async throws {
        let directory = url.deletingLastPathComponent().path
        let made = try await run(["sh", "-c", "mkdir -p '\(directory)' && cat > '\(url.path)' && chmod 755 '\(url.path)'"], stdin: script)
        guard made.succeeded else { throw HarnessError("cannot write \(url.path): \(made)") }
    }
}
