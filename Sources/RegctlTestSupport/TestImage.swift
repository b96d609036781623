import Foundation

/// A tiny OCI image built offline with `umoci`: one layer holding `/hello.txt`.
public struct TestImage: Sendable {
    /// The skopeo source reference, `oci:DIR:TAG`.
    public let reference: String

    /// Builds the image in `directory` with `content` in `/hello.txt`.
    public init(in directory: URL, content: String = "hello from regctl tests\n", environment: [String: String]) async throws {
        let layout = directory.appendingPathComponent("layout").path
        let file = directory.appendingPathComponent("hello.txt")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try content.write(to: file, atomically: true, encoding: .utf8)
        for step in [
            ["umoci", "init", "--layout", layout],
            ["umoci", "new", "--image", "\(layout):latest"],
            ["umoci", "insert", "--image", "\(layout):latest", file.path, "/hello.txt"],
        ] {
            let result = try await ProgramRunner.run(step, environment: environment)
            guard result.succeeded else { throw HarnessError("building the test image failed: \(result)") }
        }
        reference = "oci:\(layout):latest"
    }
}
