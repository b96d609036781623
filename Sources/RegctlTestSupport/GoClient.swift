import Foundation

/// A few-line Go `net/http` client that GETs a URL with Go's own system-root rules
/// (`SSL_CERT_FILE`, `SSL_CERT_DIR`), as helm, oras, cosign, crane and oc load them. It prints `ok STATUS`, or the error and exits 1.
public enum GoClient {
    static let program = GoProgram(name: "http-client", source: """
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

        """)

    /// GETs `url` with exactly these roots: `certFile` as `SSL_CERT_FILE`, `certDirectory`
    /// (an empty one when nil) as `SSL_CERT_DIR`; no proxy.
    public static func get(_ url: String, certFile: String, certDirectory: String, in sandbox: Sandbox) async throws -> CommandResult {
        let environment = ["PATH": "/usr/bin:/bin", "HOME": sandbox.home.path, "SSL_CERT_FILE": certFile, "SSL_CERT_DIR": certDirectory]
        return try await ProgramRunner.run([try await program.binary(), url], environment: environment)
    }
}
