import Foundation

/// The programs a test runs in its sandbox.
extension Sandbox {
    /// Runs any program with the sandbox environment (and `adding`, which overrides it),
    /// traced for the secret audit; one that runs longer than `limit` is killed and fails
    /// the test.
    public func run(
        _ arguments: [String], stdin: String = "", adding: [String: String] = [:], limit: Duration = ProgramRunner.limit
    ) async throws -> CommandResult {
        let environment = environment.merging(adding) { $1 }
        let name = ProgramRunner.commandLine(arguments)
        guard let audit else { return try await ProgramRunner.run(arguments, environment: environment, stdin: stdin, limit: limit, name: name) }
        let result = try await ProgramRunner.run(audit.traced(arguments), environment: environment, stdin: stdin, limit: limit, name: name)
            .labelled(arguments)
        audit.record(result)
        return result
    }

    /// Runs the freshly built `regctl`.
    public func regctl(_ arguments: [String], stdin: String = "") async throws -> CommandResult {
        try await run([Self.productsDirectory.appendingPathComponent("regctl").path] + arguments, stdin: stdin)
    }

    /// Runs the freshly built `regctl` as `nobody` (setpriv), to whom the sandbox and the
    /// system paths under it are read-only.
    public func regctlAsNobody(_ arguments: [String]) async throws -> CommandResult {
        let regctl = Self.productsDirectory.appendingPathComponent("regctl").path
        return try await run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", regctl] + arguments)
    }

    /// Runs the freshly built `docker-credential-regctl`: `regctl` started through a link, as installed.
    public func credentialHelper(_ arguments: [String], stdin: String = "", limit: Duration = ProgramRunner.limit) async throws -> CommandResult {
        try await run([Self.credentialHelperPath] + arguments, stdin: stdin, limit: limit)
    }

    /// The link `docker-credential-regctl` → the built `regctl`.
    public static var credentialHelperPath: String {
        get throws { try helperDirectory.appendingPathComponent("docker-credential-regctl").path }
    }

    /// A directory beside the built executables holding only the helper's link, made once.
    static var helperDirectory: URL {
        get throws { try helperLink.get() }
    }

    /// Runs podman; `CONTAINERS_STORAGE_CONF` and `CONTAINERS_CONF` keep its storage (vfs),
    /// run state and temp files in the sandbox, also when regctl starts it.
    public func podman(_ arguments: [String], stdin: String = "") async throws -> CommandResult {
        try await run(["podman"] + arguments, stdin: stdin)
    }

    /// Builds a small image offline.
    public func makeTestImage(content: String = "hello from regctl tests\n") async throws -> TestImage {
        try await TestImage(in: root.appendingPathComponent("image-\(UUID().uuidString.prefix(6))"), content: content, environment: environment)
    }

    /// Writes `text` to `path` below the sandbox root, creating directories.
    public func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// The helper's link, made once per process in ``helperDirectory``.
    private static let helperLink = Result { () throws -> URL in
        let directory = productsDirectory.appendingPathComponent("credential-helper")
        let link = directory.appendingPathComponent("docker-credential-regctl")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if (try? FileManager.default.destinationOfSymbolicLink(atPath: link.path)) == nil {
            try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "../regctl")
        }
        return directory
    }

    /// Where `swift build` put the executables under test: the directory of this test
    /// binary, unless `REGCTL_PRODUCTS_DIR` names another.
    public static let productsDirectory: URL = {
        if let directory = ProcessInfo.processInfo.environment["REGCTL_PRODUCTS_DIR"] {
            return URL(fileURLWithPath: directory)
        }
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent()
    }()
}
