import Foundation

/// A few-line Go `net/http` client, built once per machine (cached by its source), that GETs
/// a URL with Go's own system-root rules (`SSL_CERT_FILE`, `SSL_CERT_DIR`), as helm, oras,
/// cosign, crane and oc load them. It prints `ok STATUS`, or the error and exits 1.
public enum GoClient {
    static let source = """
        package main

        import (
        \t"fmt"
        \t"net/http"
        \t"os"
        \t"time"
        )

        func main() {
        \tclient := &http.Client{Timeout: 30 * time.Second}
        \tresponse, err := client.Get(os.Args[1])
        \tif err != nil {
        \t\tfmt.Println(err)
        \t\tos.Exit(1)
        \t}
        \tresponse.Body.Close()
        \tfmt.Println("ok", response.StatusCode)
        }

        """

    /// The built client's path: `/usr/bin/go build` with only the standard library, its cache
    /// in the temporary directory, no network; built once per test process, one package at a
    /// time so that the tests running beside it keep a core.
    public static func binary() async throws -> String { try await build.value }

    private static let build = Task { try await buildBinary() }

    private static func buildBinary() async throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("regctl-go-client-\(source.utf8.count)")
        let binary = directory.appendingPathComponent("client")
        if FileManager.default.isExecutableFile(atPath: binary.path) { return binary.path }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try source.write(to: directory.appendingPathComponent("main.go"), atomically: true, encoding: .utf8)
        let building = directory.appendingPathComponent("client.\(UUID().uuidString.prefix(6))")
        let environment = [
            "PATH": "/usr/bin:/bin", "HOME": directory.path, "GOCACHE": directory.appendingPathComponent("cache").path,
            "GOPATH": directory.appendingPathComponent("gopath").path, "GO111MODULE": "off", "CGO_ENABLED": "0", "GOFLAGS": "",
        ]
        let built = try await ProgramRunner.run(["/usr/bin/go", "build", "-p", "1", "-o", building.path, directory.appendingPathComponent("main.go").path], environment: environment)
        guard built.succeeded else { throw HarnessError("cannot build the Go client: \(built)") }
        _ = rename(building.path, binary.path)
        return binary.path
    }

    /// GETs `url` with exactly these roots: `certFile` as `SSL_CERT_FILE`, `certDirectory`
    /// (an empty one when nil) as `SSL_CERT_DIR`; no proxy.
    public static func get(_ url: String, certFile: String, certDirectory: String, in sandbox: Sandbox) async throws -> CommandResult {
        let environment = ["PATH": "/usr/bin:/bin", "HOME": sandbox.home.path, "SSL_CERT_FILE": certFile, "SSL_CERT_DIR": certDirectory]
        return try await ProgramRunner.run([try await binary(), url], environment: environment)
    }
}
