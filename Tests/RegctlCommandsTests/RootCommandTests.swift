import RegctlCore
import RegctlTestSupport
import Testing

/// The built executables, run as a user would run them.
@Suite("regctl root command")
struct RootCommandTests {
    @Test("--version prints the version and exits 0")
    func version() async throws {
        try await withSandbox { sandbox in
            let result = try await sandbox.regctl(["--version"])
            #expect(result.status == 0)
            #expect(result.stdout == RegctlVersion.current + "\n")
        }
    }

    @Test("--help describes regctl on stdout")
    func help() async throws {
        try await withSandbox { sandbox in
            let result = try await sandbox.regctl(["--help"])
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout.contains("USAGE: regctl"))
            #expect(result.stdout.contains("TLS verification is never turned off"))
        }
    }

    @Test("an unknown option is a usage error: exit 2, message on stderr")
    func unknownOption() async throws {
        try await withSandbox { sandbox in
            let result = try await sandbox.regctl(["--no-such-flag"])
            #expect(result.status == 2, "\(result)")
            #expect(result.stderr.contains("--no-such-flag"))
            #expect(result.stdout.isEmpty)
        }
    }

    @Test("the credential helper answers version and refuses unknown actions on stdout, exit 1")
    func credentialHelperVersion() async throws {
        try await withSandbox { sandbox in
            let version = try await sandbox.credentialHelper(["version"])
            #expect(version.status == 0)
            #expect(version.stdout == "docker-credential-regctl (regctl) \(RegctlVersion.current)\n")
            let unknown = try await sandbox.credentialHelper(["frobnicate"])
            #expect(unknown.status == 1)
            #expect(unknown.stdout == "Unknown credential action `frobnicate`\n")
        }
    }
}
