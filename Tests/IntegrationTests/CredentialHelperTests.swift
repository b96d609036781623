import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// `docker-credential-regctl` against the real keyring, and side by side with docker's
/// own `docker-credential-secretservice`.
@Suite("credential helper")
struct CredentialHelperTests {
    @Test("docker's helper reads what regctl stored, and regctl reads what docker's stored")
    func interoperates() async throws {
        try await withSandbox { sandbox in
            _ = try await sandbox.startKeyring()
            let ours = #"{"ServerURL":"reg.example:5000","Username":"bob","Secret":"from-regctl"}"#
            try #require(try await sandbox.credentialHelper(["store"], stdin: ours).succeeded)
            let readByDocker = try await sandbox.run(["docker-credential-secretservice", "get"], stdin: "reg.example:5000\n")
            #expect(readByDocker.stdout == ours + "\n", "\(readByDocker)")

            let theirs = #"{"ServerURL":"other.example","Username":"amy","Secret":"from-docker"}"#
            try #require(try await sandbox.run(["docker-credential-secretservice", "store"], stdin: theirs).succeeded)
            let readByRegctl = try await sandbox.credentialHelper(["get"], stdin: "other.example")
            #expect(readByRegctl.stdout == theirs + "\n", "\(readByRegctl)")

            let list = try await sandbox.credentialHelper(["list"])
            #expect(list.stdout == #"{"other.example":"amy","reg.example:5000":"bob"}"# + "\n")
        }
    }

    @Test("a miss is docker's not-found, as its credential-helper client library (oc, helm, oras) tells it: exit 1, no prompt")
    func missIsNotFound() async throws {
        try await withSandbox { sandbox in
            _ = try await sandbox.startKeyring()
            try #require(try await sandbox.credentialHelper(["store"], stdin: #"{"ServerURL":"reg.example","Username":"bob","Secret":"kept"}"#).succeeded)
            #expect(try await GoCredentialHelperClient.get("reg.example", in: sandbox).stdout == "found bob\n")
            let miss = try await GoCredentialHelperClient.get("other.example", in: sandbox)
            #expect(miss.succeeded && miss.stdout == "not found\n", "a miss, not an error that stops oc: \(miss)")
            let direct = try await sandbox.credentialHelper(["get"], stdin: "other.example")
            #expect(direct.status == 1 && direct.stdout == "credentials not found in native keychain\n" && direct.stderr.isEmpty, "\(direct)")
        }
    }

    private struct Step {
        let action: String
        let input: String
        /// Why the two helpers may print different things here (also in docs/commands.md);
        /// `expected` is then what regctl must print.
        var differs: String? = nil
        var expected: String? = nil
    }

    /// The same sequence through both helpers, one keyring each; every answer compared.
    @Test("differential: the same inputs give the same stdout and exit codes as docker's helper")
    func differential() async throws {
        let replaced = "docker's helper adds a second item when the user name changes and then returns either; regctl replaces the item"
        let decoder = "malformed or mistyped JSON: regctl does not copy the text of Go's decoder errors; both exit 1"
        let steps: [Step] = [
            Step(action: "list", input: ""),
            Step(action: "get", input: "reg.example:5000"),
            Step(action: "store", input: #"{"ServerURL":"reg.example:5000","Username":"bob","Secret":"s3cret"}"#),
            Step(action: "get", input: "reg.example:5000"),
            Step(action: "get", input: "  reg.example:5000 \n"),
            Step(action: "get", input: "https://reg.example:5000"),
            Step(action: "store", input: #"{"ServerURL":"reg.example:5000","Username":"carol","Secret":"n<e>w&"}"#),
            Step(action: "get", input: "reg.example:5000", differs: replaced,
                 expected: #"{"ServerURL":"reg.example:5000","Username":"carol","Secret":"n\u003ce\u003ew\u0026"}"# + "\n"),
            Step(action: "store", input: #"{"serverurl":"lower.example","username":"dave","secret":"x"}"#),
            Step(action: "get", input: "lower.example"),
            Step(action: "store", input: #"{"ServerURL":"id.example","Username":"<token>","Secret":"identity-token"}"#),
            Step(action: "get", input: "id.example"),
            Step(action: "list", input: "", differs: replaced,
                 expected: #"{"id.example":"\u003ctoken\u003e","lower.example":"dave","reg.example:5000":"carol"}"# + "\n"),
            Step(action: "store", input: #"{"ServerURL":"","Username":"u","Secret":"s"}"#),
            Step(action: "store", input: #"{"ServerURL":"x.example","Secret":"s"}"#),
            Step(action: "store", input: #"{"Username":"u","Secret":"s"}"#),
            Step(action: "get", input: ""),
            Step(action: "get", input: "\n \n"),
            Step(action: "erase", input: ""),
            Step(action: "erase", input: "never-stored.example"),
            Step(action: "erase", input: "reg.example:5000"),
            Step(action: "get", input: "reg.example:5000"),
            Step(action: "list", input: ""),
            Step(action: "version", input: "", differs: "each helper names itself",
                 expected: "docker-credential-regctl (regctl) \(RegctlVersion.current)\n"),
            Step(action: "frobnicate", input: ""),
            Step(action: "store", input: ""),
            Step(action: "store", input: "garbage", differs: decoder),
            Step(action: "store", input: #"{"ServerURL":"a.example","Username":"u","Secret":"s""#, differs: decoder),
            Step(action: "store", input: #"{"ServerURL":5,"Username":"u","Secret":"s"}"#, differs: decoder),
            Step(action: "store", input: #"["ServerURL"]"#, differs: decoder),
        ]
        var answers: [[CommandResult]] = []
        for helper in ["docker-credential-secretservice", try Sandbox.credentialHelperPath] {
            answers.append(try await withSandbox { sandbox in
                _ = try await sandbox.startKeyring()
                var transcript: [CommandResult] = []
                for step in steps { transcript.append(try await sandbox.run([helper, step.action], stdin: step.input)) }
                return transcript
            })
        }
        for (index, step) in steps.enumerated() {
            let (docker, ours) = (answers[0][index], answers[1][index])
            let name = "step \(index + 1), \(step.action) \(step.input.debugDescription)"
            #expect(docker.status == ours.status, "exit code differs at \(name): docker \(docker.status), regctl \(ours.status)")
            if let expected = step.expected {
                #expect(ours.stdout == expected, "\(name): \(ours)")
            } else if step.differs == nil {
                #expect(docker.stdout == ours.stdout, "stdout differs at \(name):\n docker: \(docker.stdout)\n regctl: \(ours.stdout)")
            }
            if step.differs != nil && step.action == "store" {
                #expect(!ours.stdout.isEmpty && ours.status == 1, "\(name) must fail with a message: \(ours)")
            }
        }
    }

    @Test("libsecret is opened on first keyring use: `version` loads neither GLib nor full Foundation, `list` loads libsecret")
    func keyringLibraryOnDemand() async throws {
        try await withSandbox { sandbox in
            _ = try await sandbox.startKeyring()
            let helper = try Sandbox.credentialHelperPath
            let version = try await sandbox.run(["env", "LD_DEBUG=files", helper, "version"])
            #expect(version.status == 0, "\(version)")
            #expect(version.stderr.contains("calling init"), "the dynamic loader reported nothing")
            for library in ["libsecret-1", "libglib-2.0", "libFoundation.so", "libFoundationInternationalization", "lib_FoundationICU"] {
                #expect(!version.stderr.contains(library), "\(library) is loaded at start")
            }
            let list = try await sandbox.run(["env", "LD_DEBUG=files", helper, "list"])
            #expect(list.status == 0, "\(list)")
            #expect(list.stdout.hasPrefix("{"))
            #expect(list.stderr.contains("file=libsecret-1.so.0"))
        }
    }

    /// Far longer than a helper that gives up takes, far shorter than the harness's limit for
    /// any program: a helper still waiting then is waiting for an answer that cannot come.
    static let noHang: Duration = .seconds(30)

    @Test("no D-Bus session: exit 4 with a message that names the alternatives, no hang")
    func noBus() async throws {
        try await withSandbox { sandbox in
            let result = try await sandbox.credentialHelper(["get"], stdin: "reg.example", limit: Self.noHang)
            #expect(result.status == 4, "\(result)")
            #expect(result.stdout.contains("no D-Bus session bus"))
            #expect(result.stdout.contains("--store file") || result.stdout.contains("Secret Service"))
        }
    }

    @Test("a session bus without a Secret Service: exit 4, no hang")
    func busWithoutSecretService() async throws {
        try await withSandbox { sandbox in
            let keyring = try await sandbox.startKeyring()
            await keyring.daemon.stop()
            let result = try await sandbox.credentialHelper(
                ["store"], stdin: #"{"ServerURL":"r.example","Username":"u","Secret":"s"}"#, limit: Self.noHang
            )
            #expect(result.status == 4, "\(result)")
            #expect(result.stdout.contains("no Secret Service on the session bus"))
        }
    }

    @Test("a locked keyring: exit 4, nothing stored or read")
    func lockedKeyring() async throws {
        try await withSandbox { sandbox in
            let kept = "kept-\(UUID().uuidString)"
            let first = try await sandbox.startKeyring()
            try #require(try await sandbox.credentialHelper(["store"], stdin: #"{"ServerURL":"r.example","Username":"u","Secret":"\#(kept)"}"#).succeeded)
            await first.stop()
            let locked = try await sandbox.startKeyring(unlocked: false)
            let message = "the desktop keyring is locked and cannot be unlocked here"
            let get = try await sandbox.credentialHelper(["get"], stdin: "r.example")
            #expect(get.status == 4, "\(get)")
            #expect(get.stdout.contains(message) && !get.stdout.contains(kept), "\(get)")
            let store = try await sandbox.credentialHelper(["store"], stdin: #"{"ServerURL":"q.example","Username":"u","Secret":"s"}"#)
            #expect(store.status == 4, "\(store)")
            #expect(store.stdout.contains(message), "\(store)")
            await locked.stop()

            // Unlocked again: the first item is as it was, and the refused store left nothing.
            _ = try await sandbox.startKeyring()
            #expect(try await sandbox.credentialHelper(["get"], stdin: "r.example").stdout.contains(#""Secret":"\#(kept)""#))
            let refused = try await sandbox.credentialHelper(["get"], stdin: "q.example")
            #expect(refused.status == 1 && refused.stdout.contains(CredentialHelperProtocol.notFound), "\(refused)")
        }
    }

    @Test("a keyring with no default collection: exit 4")
    func noDefaultCollection() async throws {
        try await withSandbox { sandbox in
            _ = try await sandbox.startKeyring(unlocked: false)
            let result = try await sandbox.credentialHelper(["store"], stdin: #"{"ServerURL":"r.example","Username":"u","Secret":"s"}"#)
            #expect(result.status == 4, "\(result)")
            #expect(result.stdout.contains("no default collection"), "\(result)")
        }
    }
}
