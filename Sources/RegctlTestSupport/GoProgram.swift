import Crypto
import Foundation

/// A Go program compiled in the test with Debian's Go (`/usr/bin/go`), from the standard
/// library and Debian's Go sources in `/usr/share/gocode` only, no network. Each is built
/// once per machine (cached by name and a digest of its source) and once per test process,
/// one package at a time so that the tests running beside the build keep a core.
public struct GoProgram: Sendable {
    let name: String
    let source: String

    public init(name: String, source: String) {
        self.name = name
        self.source = source
    }

    /// The built program's path.
    public func binary() async throws -> String { try await GoBuilds.shared.binary(of: self) }

    /// How long a cold build may take: one package at a time on a loaded 2-core machine, with
    /// the standard library compiled first, is far slower than any program the tests run.
    static let buildLimit: Duration = .seconds(900)

    /// The source's SHA-256 in hex: two programs of one name and length get two builds.
    var sourceDigest: String { SHA256.hash(data: Data(source.utf8)).map { String(format: "%02x", $0) }.joined() }

    fileprivate func build() async throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("regctl-go-\(name)-\(sourceDigest)")
        let binary = directory.appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: binary.path) { return binary.path }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try source.write(to: directory.appendingPathComponent("main.go"), atomically: true, encoding: .utf8)
        let building = directory.appendingPathComponent("\(name).\(UUID().uuidString.prefix(6))")
        let environment = [
            "PATH": "/usr/bin:/bin", "HOME": directory.path, "GOCACHE": directory.appendingPathComponent("cache").path,
            "GOPATH": directory.appendingPathComponent("gopath").path + ":/usr/share/gocode", "GO111MODULE": "off", "CGO_ENABLED": "0", "GOFLAGS": "",
        ]
        let built = try await ProgramRunner.run(
            ["/usr/bin/go", "build", "-p", "1", "-o", building.path, directory.appendingPathComponent("main.go").path],
            environment: environment, limit: Self.buildLimit
        )
        guard built.succeeded else { throw HarnessError("cannot build the Go program \(name): \(built)") }
        _ = rename(building.path, binary.path)
        return binary.path
    }
}

/// The builds of this test process, one per program.
private actor GoBuilds {
    static let shared = GoBuilds()
    private var builds: [String: Task<String, any Error>] = [:]

    func binary(of program: GoProgram) async throws -> String {
        if let build = builds[program.name] { return try await build.value }
        let build = Task { try await program.build() }
        builds[program.name] = build
        return try await build.value
    }
}
