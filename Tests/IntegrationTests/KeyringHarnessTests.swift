import Foundation
import RegctlTestSupport
import Testing

/// Proves the private keyring: real gnome-keyring on a private bus, unlocked, used by
/// secret-tool and by docker's own credential helper.
@Suite("Keyring harness")
struct KeyringHarnessTests {
    @Test("a secret stored with secret-tool is read back")
    func secretToolRoundTrip() async throws {
        try await withSandbox { sandbox in
            _ = try await sandbox.startKeyring()
            let secret = "s3cret-\(UUID())"
            let store = try await sandbox.run(["secret-tool", "store", "--label=regctl test", "server", "reg.example", "purpose", "harness"], stdin: secret)
            try #require(store.succeeded, "\(store)")
            let lookup = try await sandbox.run(["secret-tool", "lookup", "server", "reg.example", "purpose", "harness"])
            #expect(lookup.succeeded, "\(lookup)")
            #expect(lookup.stdout == secret)
        }
    }

    @Test("docker-credential-secretservice stores and reads back through the sandbox keyring")
    func dockerHelperRoundTrip() async throws {
        try await withSandbox { sandbox in
            _ = try await sandbox.startKeyring()
            let secret = "tok-\(UUID())"
            let store = try await sandbox.run(
                ["docker-credential-secretservice", "store"],
                stdin: #"{"ServerURL":"reg.example:5000","Username":"bob","Secret":"\#(secret)"}"#
            )
            try #require(store.succeeded, "\(store)")
            let get = try await sandbox.run(["docker-credential-secretservice", "get"], stdin: "reg.example:5000")
            #expect(get.stdout.contains(#""Secret":"\#(secret)""#), "\(get)")
        }
    }

    @Test("the nothing-changed snapshot sees the keyring: an item stored or deleted changes it, a lookup does not")
    func snapshotSeesKeyring() async throws {
        try await withSandbox { sandbox in
            _ = try await sandbox.startKeyring()
            let item = ["server", "reg.example", "purpose", "snapshot"]
            let empty = sandbox.fileSnapshot()
            #expect(empty.keys.contains { $0.hasSuffix("/keyrings/login.keyring") }, "the keyring's file is in the snapshot")
            let store = try await sandbox.run(["secret-tool", "store", "--label=regctl test"] + item, stdin: "s3cret-\(UUID())")
            try #require(store.succeeded, "\(store)")
            let stored = sandbox.fileSnapshot()
            #expect(stored != empty, "storing an item changed the snapshot")
            let lookup = try await sandbox.run(["secret-tool", "lookup"] + item)
            try #require(lookup.succeeded, "\(lookup)")
            #expect(sandbox.fileSnapshot() == stored, "a lookup changes nothing")
            let clear = try await sandbox.run(["secret-tool", "clear"] + item)
            try #require(clear.succeeded, "\(clear)")
            #expect(sandbox.fileSnapshot() != stored, "deleting the item changed the snapshot")
        }
    }

    @Test("a sandbox without a keyring has no session bus")
    func noKeyringMeansNoBus() async throws {
        try await withSandbox { sandbox in
            #expect(sandbox.environment["DBUS_SESSION_BUS_ADDRESS"] == nil)
            let lookup = try await sandbox.run(["secret-tool", "lookup", "server", "reg.example"])
            #expect(lookup.status == 1 && lookup.stderr.contains("Cannot autolaunch D-Bus without X11 $DISPLAY"), "no bus to reach, none started: \(lookup)")
        }
    }
}
