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
