import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// The OpenShift stand-in answers who may pull, push and create image streams as OpenShift's
/// RBAC does, and its token service grants only that, so the real registry refuses the rest.
@Suite("OpenShift stand-in RBAC")
struct StandInRBACTests {
    /// The rights the review answers for a role, in the order of ``questions``.
    static let expected: [(ClusterRole, [Bool])] = [
        (.registryViewer, [true, false, false, true]),
        (.imagePuller, [true, false, false, false]),
        (.imagePusher, [true, true, false, false]),
        (.imageBuilder, [true, true, true, false]),
        (.registryEditor, [true, true, true, true]),
        (.view, [true, false, false, true]),
        (.edit, [true, true, true, true]),
        (.admin, [true, true, true, true]),
    ]
    static let questions = [("get", "imagestreams/layers"), ("update", "imagestreams/layers"), ("create", "imagestreams"), ("get", "imagestreams")]

    @Test("the access review answers per bound role, with RBAC's reason, and every review is counted")
    func reviewsPerRole() async throws {
        try await withSandbox { sandbox in
            let openShift = try await sandbox.startOpenShift()
            openShift.enforceRoles()
            let client = try StandInClient(sandbox, openShift)
            for (role, rights) in Self.expected {
                let user = "user-\(role.rawValue.replacingOccurrences(of: ":", with: "-"))"
                openShift.bindRole(role, to: user, in: "team")
                let token = client.token(for: user)
                for ((verb, resource), right) in zip(Self.questions, rights) {
                    let status = try await client.review(token, verb, resource, namespace: "team", name: "app")
                    #expect(status["allowed"] == .bool(right), "\(role) \(verb) \(resource): \(status)")
                    #expect((status["reason"] != nil) == right, "\(status)")
                }
            }
            let editor = try await client.review(client.token(for: "user-registry-editor"), "update", "imagestreams/layers", namespace: "team", name: "app")
            #expect(editor["reason"] == .string(#"RBAC: allowed by RoleBinding "registry-editor/team" of ClusterRole "registry-editor" to User "user-registry-editor""#))
            #expect(openShift.accessReviews.count == 33)
            #expect(openShift.accessReviews.last == AccessReviewRecord(
                user: "user-registry-editor", namespace: "team", verb: "update", group: "image.openshift.io",
                resource: "imagestreams/layers", name: "app", allowed: true
            ))
        }
    }

    @Test("no binding: denied without a reason; openshift is readable by all; a cluster admin may do anything; service accounts pull, builder pushes")
    func implicitRights() async throws {
        try await withSandbox { sandbox in
            let openShift = try await sandbox.startOpenShift()
            let client = try StandInClient(sandbox, openShift)
            let nobody = client.token(for: "nobody")
            let unenforced = try await client.review(nobody, "update", "imagestreams/layers", namespace: "team", name: "app")
            #expect(unenforced == ["allowed": .bool(true)], "before enforcement everyone may")
            openShift.enforceRoles()
            for (verb, resource) in Self.questions {
                #expect(try await client.review(nobody, verb, resource, namespace: "team", name: "app") == ["allowed": .bool(false)])
            }
            #expect(try await client.review(nobody, "get", "imagestreams/layers", namespace: "openshift", name: "cli")["reason"]
                == .string(#"RBAC: allowed by RoleBinding "shared-resource-viewers/openshift" of Role "shared-resource-viewer" to Group "system:authenticated""#))
            #expect(try await client.review(nobody, "update", "imagestreams/layers", namespace: "openshift", name: "cli")["allowed"] == .bool(false))
            let asSubresource = try await client.send(nobody, "POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", body: StandInClient.reviewBody(
                #""namespace":"openshift","verb":"get","group":"image.openshift.io","resource":"imagestreams","subresource":"layers","name":"cli""#
            ))
            #expect(asSubresource.status == 201 && asSubresource.body?["status"]?["allowed"] == .bool(true), "\(asSubresource)")

            let admin = client.token(for: "kube:admin", admin: true)
            #expect(try await client.review(admin, "create", "imagestreams", namespace: "anywhere", name: nil)["reason"]
                == .string(#"RBAC: allowed by ClusterRoleBinding "cluster-admins" of ClusterRole "cluster-admin" to Group "system:cluster-admins""#))

            let deployer = client.token(for: "system:serviceaccount:team:deployer")
            #expect(try await client.review(deployer, "get", "imagestreams/layers", namespace: "team", name: "app")["reason"]
                == .string(#"RBAC: allowed by RoleBinding "system:image-pullers/team" of ClusterRole "system:image-puller" to Group "system:serviceaccounts:team""#))
            #expect(try await client.review(deployer, "update", "imagestreams/layers", namespace: "team", name: "app")["allowed"] == .bool(false))
            #expect(try await client.review(deployer, "get", "imagestreams/layers", namespace: "other", name: "app")["allowed"] == .bool(false))
            let builder = client.token(for: "system:serviceaccount:team:builder")
            #expect(try await client.review(builder, "update", "imagestreams/layers", namespace: "team", name: "app")["reason"]
                == .string(#"RBAC: allowed by RoleBinding "system:image-builders/team" of ClusterRole "system:image-builder" to ServiceAccount "builder/team""#))

            let me = try await client.send(deployer, "GET", "/apis/user.openshift.io/v1/users/~")
            #expect(me.body?["metadata"]?["name"] == .string("system:serviceaccount:team:deployer"))
            let stranger = try await client.send("sha256~\(UUID().uuidString)", "POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", body: "{}")
            #expect(stranger.status == 401, "\(stranger)")
        }
    }

    @Test("a named image stream: 200 with its repositories, 404 when missing, 403 to a pusher")
    func namedStream() async throws {
        try await withSandbox { sandbox in
            let openShift = try await sandbox.startOpenShift()
            openShift.enforceRoles()
            openShift.exposeRegistry(host: "registry.apps.test")
            openShift.addImageStream("app", namespace: "team")
            openShift.bindRole(.registryViewer, to: "viewer", in: "team")
            openShift.bindRole(.imagePusher, to: "pusher", in: "team")
            let client = try StandInClient(sandbox, openShift)
            let path = "/apis/image.openshift.io/v1/namespaces/team/imagestreams/"

            let found = try await client.send(client.token(for: "viewer"), "GET", path + "app")
            #expect(found.status == 200)
            #expect(found.body?["kind"] == .string("ImageStream"))
            #expect(found.body?["metadata"] == ["name": "app", "namespace": "team"])
            #expect(found.body?["status"]?["publicDockerImageRepository"] == .string("registry.apps.test/team/app"))
            #expect(found.body?["status"]?["dockerImageRepository"] == .string("image-registry.openshift-image-registry.svc:5000/team/app"))

            let missing = try await client.send(client.token(for: "viewer"), "GET", path + "gone")
            #expect(missing.status == 404)
            #expect(missing.body?["message"] == .string(#"imagestreams.image.openshift.io "gone" not found"#))

            let forbidden = try await client.send(client.token(for: "pusher"), "GET", path + "app")
            #expect(forbidden.status == 403)
            #expect(forbidden.body?["message"] == .string(
                #"imagestreams.image.openshift.io "app" is forbidden: User "pusher" cannot get resource "imagestreams" in API group "image.openshift.io" in the namespace "team""#
            ))
            let list = try await client.send(client.token(for: "pusher"), "GET", "/apis/image.openshift.io/v1/namespaces/team/imagestreams")
            #expect(list.status == 403, "\(list)")
            #expect(openShift.accessReviews.isEmpty, "reading streams is no review")
        }
    }
}
