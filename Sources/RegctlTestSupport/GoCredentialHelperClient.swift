import Foundation

/// docker's own credential-helper client library (`docker-credential-helpers/client`, from
/// Debian's Go sources), as docker, helm, oras and oc use it: it asks
/// `docker-credential-NAME get` for a server and tells a miss from a failure by the helper's
/// exact answer. Prints `not found`, `found USER`, or `error: …` and exits 1.
public enum GoCredentialHelperClient {
    static let program = GoProgram(name: "credential-helper-client", source: """
        package main

        import (
        \t"fmt"
        \t"os"

        \t"github.com/docker/docker-credential-helpers/client"
        \t"github.com/docker/docker-credential-helpers/credentials"
        )

        func main() {
        \tfound, err := client.Get(client.NewShellProgramFunc(os.Args[1]), os.Args[2])
        \tif credentials.IsErrCredentialsNotFound(err) {
        \t\tfmt.Println("not found")
        \t\treturn
        \t}
        \tif err != nil {
        \t\tfmt.Println("error:", err)
        \t\tos.Exit(1)
        \t}
        \tfmt.Println("found", found.Username)
        }

        """)

    /// Asks `docker-credential-regctl` (found on the sandbox's PATH) for `server`.
    public static func get(_ server: String, in sandbox: Sandbox) async throws -> CommandResult {
        try await sandbox.run([try await program.binary(), "docker-credential-regctl", server])
    }
}
