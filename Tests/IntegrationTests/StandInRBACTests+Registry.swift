import Foundation
import RegctlTestSupport
import Testing

/// The real registry behind the stand-in's token service, with roles enforced.
extension StandInRBACTests {
    @Test("the real registry: a viewer pulls but may not push; a user with no binding may not pull")
    func viewerAndStranger() async throws {
        try await withSandbox { sandbox in
            let world = try await RegistryWorld.make(sandbox)
            let viewer = try world.authFile(for: "viewer", role: .registryViewer)
            let pull = try await world.pull(viewer, "team/app:1")
            #expect(pull.succeeded, "\(pull)")
            let push = try await world.push(viewer, "team/app:2")
            #expect(!push.succeeded)
            #expect(push.stderr.contains("authentication required"), "\(push)")

            let stranger = try world.authFile(for: "stranger")
            let refused = try await sandbox.podman(["pull", "--authfile", stranger, "--cert-dir", world.certs, "\(world.registry.host)/team/app:1"])
            #expect(!refused.succeeded)
            #expect(refused.stderr.contains("authentication required"), "\(refused)")
            #expect(world.openShift.accessReviews.isEmpty, "the registry's own checks are no reviews")
        }
    }

    @Test("the real registry: a pusher pushes to an existing stream, not to a new one")
    func pusher() async throws {
        try await withSandbox { sandbox in
            let world = try await RegistryWorld.make(sandbox)
            let pusher = try world.authFile(for: "pusher", role: .imagePusher)
            let existing = try await world.push(pusher, "team/app:2")
            #expect(existing.succeeded, "\(existing)")
            let new = try await world.push(pusher, "team/new:1")
            #expect(!new.succeeded)
            #expect(new.stderr.contains("authentication required"), "\(new)")
            #expect(!world.openShift.hasImageStream("new", namespace: "team"))
        }
    }

    @Test("the real registry: an editor's push creates the stream; a name of three levels gets nothing, even for an admin")
    func editorCreates() async throws {
        try await withSandbox { sandbox in
            let world = try await RegistryWorld.make(sandbox)
            let editor = try world.authFile(for: "editor", role: .registryEditor)
            #expect(!world.openShift.hasImageStream("fresh", namespace: "team"))
            let push = try await world.push(editor, "team/fresh:1")
            #expect(push.succeeded, "\(push)")
            #expect(world.openShift.hasImageStream("fresh", namespace: "team"))
            let client = try StandInClient(sandbox, world.openShift)
            let stream = try await client.send(client.token(for: "editor"), "GET", "/apis/image.openshift.io/v1/namespaces/team/imagestreams/fresh")
            #expect(stream.status == 200, "\(stream)")

            let deep = try await world.push(world.admin, "team/a/b:1")
            #expect(!deep.succeeded)
            #expect(deep.stderr.contains("requested access to the resource is denied"), "\(deep)")
        }
    }
}

/// A token registry whose stand-in enforces roles, with `team/app:1` pushed by a cluster admin.
struct RegistryWorld {
    let sandbox: Sandbox
    let openShift: OpenShiftStandIn
    let registry: RegistryServer
    let image: TestImage
    /// A directory with the run's CA, for `--cert-dir`.
    let certs: String
    /// The auth file of a cluster administrator.
    let admin: String

    static func make(_ sandbox: Sandbox) async throws -> RegistryWorld {
        let openShift = try await sandbox.startOpenShift()
        openShift.enforceRoles()
        let registry = try await sandbox.startRegistry(.token(openShift))
        let certs = sandbox.root.appendingPathComponent("rbac-ca")
        try sandbox.write(try sandbox.authority.certificatePEM, to: certs.appendingPathComponent("ca.crt"))
        var world = RegistryWorld(
            sandbox: sandbox, openShift: openShift, registry: registry, image: try await sandbox.makeTestImage(), certs: certs.path, admin: ""
        )
        world = RegistryWorld(
            sandbox: sandbox, openShift: openShift, registry: registry, image: world.image, certs: certs.path,
            admin: try world.authFile(for: "kube:admin", admin: true)
        )
        let seeded = try await world.push(world.admin, "team/app:1")
        try #require(seeded.succeeded, "\(seeded)")
        try #require(openShift.hasImageStream("app", namespace: "team"))
        return world
    }

    /// An auth file with a new token of `user`, bound to `role` in `team` first when given
    /// (the user name in it is only a label: the token service reads the token).
    func authFile(for user: String, role: ClusterRole? = nil, admin: Bool = false) throws -> String {
        if let role { openShift.bindRole(role, to: user, in: "team") }
        let token = "sha256~\(UUID().uuidString)"
        openShift.grant(token: token, to: user, admin: admin)
        let name = user.replacingOccurrences(of: ":", with: "-")
        let file = sandbox.root.appendingPathComponent("auth-\(name).json")
        let auth = Data("\(name):\(token)".utf8).base64EncodedString()
        try sandbox.write(#"{"auths":{"\#(registry.host)":{"auth":"\#(auth)"}}}"#, to: file)
        sandbox.allowSecret(in: file)
        return file.path
    }

    func push(_ authFile: String, _ path: String) async throws -> CommandResult {
        try await sandbox.run(["skopeo", "copy", "--authfile", authFile, "--dest-cert-dir", certs, image.reference, "docker://\(registry.host)/\(path)"])
    }

    func pull(_ authFile: String, _ path: String) async throws -> CommandResult {
        let out = sandbox.root.appendingPathComponent("pulled-\(UUID().uuidString.prefix(6))").path
        return try await sandbox.run(["skopeo", "copy", "--authfile", authFile, "--src-cert-dir", certs, "docker://\(registry.host)/\(path)", "oci:\(out):pulled"])
    }
}
