import Foundation

extension Sandbox {
    /// Every file, directory and symbolic link in each place regctl may write — HOME,
    /// XDG_RUNTIME_DIR (podman's auth.json), TMPDIR, the sysroot, and wherever the
    /// environment now points HOME, XDG_RUNTIME_DIR, XDG_CONFIG_HOME, XDG_DATA_HOME,
    /// DOCKER_CONFIG or `REGISTRY_AUTH_FILE` — with its type, mode, owner and bytes: a snapshot
    /// to prove a refused command changed nothing. The keyring is in it: gnome-keyring keeps
    /// the login keyring in `$XDG_DATA_HOME/keyrings` (below HOME) and rewrites that file
    /// before it answers a call that stores or deletes an item; a read leaves it as it was.
    public func fileSnapshot() -> [String: Data] {
        var snapshot: [String: Data] = [:]
        let redirected = ["HOME", "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "DOCKER_CONFIG"].compactMap { environment[$0] }.map(URL.init(fileURLWithPath:))
        for top in [home, runtimeDirectory, root.appendingPathComponent("tmp"), sysroot] + redirected {
            guard let walker = FileManager.default.enumerator(at: top, includingPropertiesForKeys: nil) else { continue }
            snapshot[top.path] = Self.snapshot(of: top.path)
            for case let url as URL in walker { snapshot[url.path] = Self.snapshot(of: url.path) }
        }
        if let authFile = environment["REGISTRY_AUTH_FILE"].map(URL.init(fileURLWithPath:)) {
            // The file, its lock and its temporary files, which are named after it.
            let directory = authFile.deletingLastPathComponent()
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [] where name.contains(authFile.lastPathComponent) {
                let path = directory.appendingPathComponent(name).path
                snapshot[path] = Self.snapshot(of: path)
            }
        }
        return snapshot
    }

    private static func snapshot(of path: String) -> Data {
        var info = stat()
        guard lstat(path, &info) == 0 else { return Data("gone".utf8) }
        let header = Data("mode \(String(info.st_mode, radix: 8)) owner \(info.st_uid):\(info.st_gid)\n".utf8)
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) { return header + Data("link:\(target)".utf8) }
        return header + (FileManager.default.contents(atPath: path) ?? Data())
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
