import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// `regctl can-i`, and rights before the engine: the stand-in enforces OpenShift's roles, its
/// token service grants only what they allow, and the real registry and podman do the rest.
@Suite("can-i and rights before the engine")
struct CanITests {
    /// A roles-enforcing cluster whose registry holds `team/app:1`, trusted, with a keyring.
    struct World {
        let rbac: RegistryWorld
        let sandbox: Sandbox
        var host: String { rbac.registry.host }

        static func make(_ sandbox: Sandbox) async throws -> World {
            _ = try await sandbox.startKeyring()
            let rbac = try await RegistryWorld.make(sandbox)
            try await sandbox.regctl(["trust", "install", rbac.registry.host, "--ca-file", try sandbox.writeCAFile(), "--scope", "user"]).required()
            return World(rbac: rbac, sandbox: sandbox)
        }

        /// `user` (bound to `role` in `team`), logged in with regctl from the kubeconfig.
        func logIn(_ user: String, role: ClusterRole? = nil, admin: Bool = false) async throws {
            if let role { rbac.openShift.bindRole(role, to: user, in: "team") }
            let token = "sha256~\(UUID().uuidString)"
            rbac.openShift.grant(token: token, to: user, admin: admin)
            try sandbox.writeKubeconfig(openShift: rbac.openShift, token: token)
            try await sandbox.regctl(["login", host]).required()
        }

        /// A local image tagged `HOST/path`, for `regctl push`.
        func localImage(_ path: String) async throws -> String {
            let reference = "\(host)/\(path)"
            try await sandbox.run(["skopeo", "copy", rbac.image.reference, "containers-storage:\(reference)"]).required()
            return reference
        }
    }

    @Test("a viewer: can-i pull yes, can-i push no with the exact command; regctl push stops before podman")
    func viewer() async throws {
        try await withSandbox { sandbox in
            let world = try await World.make(sandbox)
            try await world.logIn("viewer", role: .registryViewer)
            let pull = try await sandbox.regctl(["can-i", "pull", "\(world.host)/team/app:1"])
            #expect(pull.status == 0, "\(pull)")
            #expect(pull.stdout == "yes: viewer may pull from team/app\n", "\(pull.stdout)")

            let push = try await sandbox.regctl(["can-i", "push", "\(world.host)/team/app:2"])
            #expect(push.status == 1, "\(push)")
            #expect(push.stdout.hasPrefix("no: viewer may not push to team/app: the cluster does not allow update imagestreams/app --subresource=layers -n team\n"), "\(push.stdout)")
            #expect(push.stdout.contains("oc policy add-role-to-user registry-editor viewer -n team"), "\(push.stdout)")
            #expect(push.stdout.contains("a project that does not exist looks the same"), "\(push.stdout)")

            let json = try JSONValue(parsing: try await sandbox.regctl(["can-i", "push", "\(world.host)/team/app:2", "--json"]).stdout)
            #expect(json["allowed"] == .bool(false))
            #expect(json["command"]?.stringValue == "oc policy add-role-to-user registry-editor viewer -n team")
            #expect(json["fix"]?.stringValue?.contains("for the role registry-editor: oc policy add-role-to-user registry-editor viewer -n team") == true, "\(json)")
            #expect(json["commands"] == .array([]), "an administrator's command, not the asker's: \(json)")
            #expect(json["checks"]?.arrayValue?.count == 2, "get and update on the layers of an existing stream: \(json)")

            let reference = try await world.localImage("team/app:2")
            let engineCalls = try await PushPullTests().recordEngine(sandbox, "podman")
            let stopped = try await sandbox.regctl(["push", reference])
            #expect(stopped.status == 1, "\(stopped)")
            #expect(stopped.stderr.contains("the push would be refused: viewer may not push to team/app"), "\(stopped.stderr)")
            #expect(stopped.stderr.contains("oc policy add-role-to-user registry-editor viewer -n team"), "\(stopped.stderr)")
            #expect(!FileManager.default.fileExists(atPath: engineCalls.path), "podman never started")
        }
    }

    @Test("a pusher pushes to an existing stream; a new one is stopped before podman, naming a role that may create streams")
    func pusher() async throws {
        try await withSandbox { sandbox in
            let world = try await World.make(sandbox)
            try await world.logIn("pusher", role: .imagePusher)
            let existing = try await sandbox.regctl(["push", try await world.localImage("team/app:2")])
            #expect(existing.status == 0, "\(existing)")

            let canI = try await sandbox.regctl(["can-i", "push", "\(world.host)/team/new:1", "--json"])
            #expect(canI.status == 1, "\(canI)")
            let answer = try JSONValue(parsing: canI.stdout)
            #expect(answer["stream"]?["state"]?.stringValue == "missing")
            #expect(answer["stream"]?["source"]?.stringValue == "the registry's tags list", "a pusher may not read image streams: \(answer)")
            #expect(answer["role"]?.stringValue == "registry-editor")

            let reference = try await world.localImage("team/new:1")
            let engineCalls = try await PushPullTests().recordEngine(sandbox, "podman")
            let stopped = try await sandbox.regctl(["push", reference])
            #expect(stopped.status == 1, "\(stopped)")
            #expect(stopped.stderr.contains("you may push to existing image streams only, and team/new does not exist yet"), "\(stopped.stderr)")
            #expect(!FileManager.default.fileExists(atPath: engineCalls.path), "podman never started")
            #expect(!world.rbac.openShift.hasImageStream("new", namespace: "team"))
        }
    }

    @Test("an editor creates a stream; a cluster administrator may do anything")
    func editorAndAdmin() async throws {
        try await withSandbox { sandbox in
            let world = try await World.make(sandbox)
            try await world.logIn("editor", role: .registryEditor)
            let canI = try await sandbox.regctl(["can-i", "push", "\(world.host)/team/fresh:1"])
            #expect(canI.stdout == "yes: editor may push to team/fresh (a new image stream, which you may create)\n", "\(canI)")
            let push = try await sandbox.regctl(["push", try await world.localImage("team/fresh:1")])
            #expect(push.status == 0, "\(push)")
            #expect(world.rbac.openShift.hasImageStream("fresh", namespace: "team"))

            try await world.logIn("kube:admin", admin: true)
            let anything = try await sandbox.regctl(["can-i", "push", "\(world.host)/elsewhere/thing:1"])
            #expect(anything.status == 0, "\(anything)")
            #expect(anything.stdout.hasPrefix("yes: kube:admin may push"), "the user as the cluster names them: \(anything.stdout)")
        }
    }

    @Test("no rights: podman's own failure, then regctl says which right to ask for; an allowed pull sends no review")
    func strangerPull() async throws {
        try await withSandbox { sandbox in
            let world = try await World.make(sandbox)
            try await world.logIn("viewer", role: .registryViewer)
            let reviewsBefore = world.rbac.openShift.accessReviews.count
            let allowed = try await sandbox.regctl(["pull", "\(world.host)/team/app:1", "--", "--quiet"])
            #expect(allowed.status == 0, "\(allowed)")
            #expect(world.rbac.openShift.accessReviews.count == reviewsBefore, "the common pull sends no review")

            try await world.logIn("stranger")
            let refused = try await sandbox.regctl(["pull", "\(world.host)/team/app:1"])
            #expect(refused.status == 125, "podman's own exit code: \(refused)")
            let podman = try #require(refused.stderr.range(of: "authentication required"))
            let explained = try #require(refused.stderr.range(of: "regctl: the pull was refused because stranger may not pull from team/app"))
            #expect(podman.lowerBound < explained.lowerBound, "podman's failure first: \(refused.stderr)")
            #expect(refused.stderr.contains("oc policy add-role-to-user registry-viewer stranger -n team"), "\(refused.stderr)")
        }
    }

    @Test("a plain registry gets no review: can-i says there is no cluster to ask, push goes through")
    func plainRegistry() async throws {
        try await withSandbox { sandbox in
            let world = try await World.make(sandbox)
            let plain = try await sandbox.startRegistry(.htpasswd(["alice": "plain-secret"]))
            try await sandbox.regctl(["trust", "install", plain.host, "--ca-file", try sandbox.writeCAFile(), "--scope", "user"]).required()
            try await sandbox.regctl(["login", plain.host, "--token-stdin", "--username", "alice"], stdin: "plain-secret").required()
            let canI = try await sandbox.regctl(["can-i", "push", "\(plain.host)/team/app:1"])
            #expect(canI.status == 2, "\(canI)")
            #expect(canI.stderr.contains("the login to \(plain.host) is not bound to a kubeconfig context, so there is no cluster to ask"), "\(canI.stderr)")
            let reviewsBefore = world.rbac.openShift.accessReviews.count
            let reference = "\(plain.host)/team/app:1"
            try await sandbox.run(["skopeo", "copy", world.rbac.image.reference, "containers-storage:\(reference)"]).required()
            let push = try await sandbox.regctl(["push", reference])
            #expect(push.status == 0, "\(push)")
            #expect(world.rbac.openShift.accessReviews.count == reviewsBefore)

            let deep = try await sandbox.regctl(["can-i", "push", "\(world.host)/team/a/b:1"])
            #expect(deep.status == 2)
            #expect(deep.stderr.contains("is not PROJECT/NAME on its registry"), "\(deep.stderr)")
        }
    }

    @Test("setup's Try line: a push into the context's namespace where the review says yes, else a pull from openshift")
    func setupSuggestion() async throws {
        try await withSandbox { sandbox in
            let world = try await World.make(sandbox)
            for (user, expected) in [("viewer", "Try: podman pull \(world.host)/openshift/cli"), ("developer", "Try: regctl push \(world.host)/developer/IMAGE")] {
                let token = "sha256~\(UUID().uuidString)"
                world.rbac.openShift.grant(token: token, to: user)
                try sandbox.writeKubeconfig(openShift: world.rbac.openShift, token: token)
                let setup = try await sandbox.regctl(["setup", "--scope", "user"])
                #expect(setup.status == 0, "\(user): \(setup)")
                #expect(setup.stdout.hasSuffix(expected + "\n"), "\(user) (namespace developer): \(setup.stdout)")
            }
        }
    }
}
