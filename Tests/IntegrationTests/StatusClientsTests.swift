import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// What `regctl status` says each client (podman, docker, helm, oras, cosign and crane, oc)
/// finds for a registry, by each client's own read order. helm, oras, cosign, crane and oc do
/// not run here: a marker program on PATH makes them installed, which is all status asks of
/// PATH; their files are read as docs/files-and-credentials.md ("What each client sends") says
/// they read them.
@Suite("status: every client's view")
struct StatusClientsTests {
    let status = StatusTests()

    /// Puts a program named after each of `names` on PATH, exiting 1 if anything runs it.
    private func install(_ names: [String], in sandbox: Sandbox) throws {
        let bin = sandbox.root.appendingPathComponent("client-bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        for name in names {
            let program = bin.appendingPathComponent(name)
            try "#!/bin/sh\necho \"\(name) is a marker in this test\" >&2\nexit 1\n".write(to: program, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: program.path)
        }
        sandbox.setEnvironment("PATH", bin.path + ":" + (sandbox.environment["PATH"] ?? ""))
    }

    private func clients(_ result: CommandResult) throws -> [CredentialClient: WiringStatus.Client] {
        let registry = try #require(try status.report(result).registries.first)
        return Dictionary(uniqueKeysWithValues: registry.wiring.clients.map { ($0.client, $0) })
    }

    @Test("after setup every installed client gets regctl's login and the rest are not installed; helm under HELM_CONFIG_HOME too")
    func afterSetup() async throws {
        try await withSandbox { sandbox in
            let cluster = try await SetupTests.Cluster.make(sandbox)
            let host = cluster.registry.host
            let bare = try await sandbox.regctl(["setup", "--scope", "user"])
            try #require(bare.status == 0, "\(bare)")
            let before = try await sandbox.regctl(["status"])
            #expect(before.status == 0, "\(before)")
            #expect(before.stdout.contains("\nClients: podman/skopeo/buildah and docker ok; helm, oras, cosign/crane and oc not installed.\n")
                || before.stdout.hasSuffix("\nClients: podman/skopeo/buildah and docker ok; helm, oras, cosign/crane and oc not installed."), "\(before.stdout)")
            #expect(!before.stdout.contains("oc with -a FILE"), "no oc, no word of it: \(before.stdout)")

            try install(["helm", "oras", "cosign", "oc"], in: sandbox)
            let helmHome = sandbox.root.appendingPathComponent("helm-home")
            try FileManager.default.createDirectory(at: helmHome, withIntermediateDirectories: true)
            sandbox.setEnvironment("HELM_CONFIG_HOME", helmHome.path)
            let setup = try await sandbox.regctl(["setup", "--scope", "user"])
            #expect(setup.status == 0, "\(setup)")
            let helmFile = helmHome.appendingPathComponent("registry/config.json")
            #expect(try sandbox.entries("credHelpers", in: helmFile) == [host], "setup wired helm's file")

            let text = try await sandbox.regctl(["status"])
            #expect(text.status == 0, "\(text)")
            #expect(text.stdout.contains("\nClients: podman/skopeo/buildah, docker, helm, oras, cosign/crane and oc ok.\n"), "\(text.stdout)")
            #expect(text.stdout.hasSuffix("\noc with -a FILE reads FILE alone; check it with: REGISTRY_AUTH_FILE=FILE regctl status\n"), "\(text.stdout)")
            let json = try await sandbox.regctl(["status", "--json"])
            let views = try clients(json)
            #expect(views.count == CredentialClient.allCases.count)
            for client in CredentialClient.allCases {
                #expect(views[client]?.installed == true && views[client]?.health == .ok && views[client]?.found.kind == .regctl, "\(client): \(String(describing: views[client]))")
            }
            #expect(views[.helm]?.found.file == helmFile.path, "helm stops at its own file")
            #expect(views[.oras]?.found.file == sandbox.dockerConfigFile.path, "oras reads docker's config.json only")
            #expect(views[.goContainerRegistry]?.found.file == sandbox.dockerConfigFile.path, "cosign and crane: docker's config.json, which exists")
            #expect(views[.oc]?.found.file == sandbox.runtimeDirectory.appendingPathComponent("containers/auth.json").path, "oc: the containers order")
            try await status.validate(json.stdout, in: sandbox)
        }
    }

    @Test("helm's own plain entry shadows regctl for helm alone; REGISTRY_AUTH_FILE naming an unwired file bypasses regctl for oc; each fix works")
    func bypasses() async throws {
        try await withSandbox { sandbox in
            let cluster = try await SetupTests.Cluster.make(sandbox)
            let host = cluster.registry.host
            try install(["helm", "oc"], in: sandbox)
            let helmFile = sandbox.configHome.appendingPathComponent("helm/registry/config.json")
            try FileManager.default.createDirectory(at: helmFile.deletingLastPathComponent(), withIntermediateDirectories: true)
            try #require(try await sandbox.regctl(["setup", "--scope", "user"]).status == 0)
            let image = try await sandbox.makeTestImage()
            let reference = "docker://\(host)/developer/app:1"
            try #require(try await sandbox.run(["skopeo", "copy", image.reference, reference]).succeeded)

            // What `helm registry login` writes: a plain entry in helm's file, read before docker's.
            let plain = Data("developer:\(cluster.token)".utf8).base64EncodedString()
            try sandbox.write("{\n\t\"auths\": {\n\t\t\"\(host)\": {\n\t\t\t\"auth\": \"\(plain)\"\n\t\t}\n\t}\n}\n", to: helmFile)
            let shadowed = try await sandbox.regctl(["status"])
            #expect(shadowed.status == 0, "the plain token works today: a warning, \(shadowed)")
            #expect(shadowed.stdout.contains("\nClients: podman/skopeo/buildah, docker and oc ok; helm not (see below); oras and cosign/crane not installed.\n"), "\(shadowed.stdout)")
            #expect(shadowed.stdout.contains("! \(host): \(helmFile.path) holds a plain credential for \(host), sent by helm instead of regctl's; it is not renewed\n  fix: regctl login \(host)"), "\(shadowed.stdout)")
            #expect(try clients(try await sandbox.regctl(["status", "--json"]))[.helm]?.health == .warning)
            #expect(try await sandbox.regctl(["login", host]).succeeded)
            #expect(try sandbox.entries("auths", in: helmFile).isEmpty && sandbox.entries("credHelpers", in: helmFile) == [host], "the fix rewired helm's file")
            #expect(try await sandbox.regctl(["status"]).status == 0)

            // A pull secret for `oc adm release mirror`, named by REGISTRY_AUTH_FILE after the
            // login: oc reads it alone; podman and skopeo read it first, then the other files.
            let pullSecret = sandbox.root.appendingPathComponent("pull-secret.json")
            let secretText = "{\n\t\"auths\": {\n\t\t\"quay.io\": {\n\t\t\t\"auth\": \"dTpw\"\n\t\t}\n\t}\n}\n"
            try sandbox.write(secretText, to: pullSecret)
            sandbox.setEnvironment("REGISTRY_AUTH_FILE", pullSecret.path)
            let bypassed = try await sandbox.regctl(["status", "--json"])
            #expect(bypassed.status == 1, "oc would pull without a credential: \(bypassed)")
            let views = try clients(bypassed)
            #expect(views[.oc]?.health == .failing && views[.oc]?.found.kind == WiringStatus.Entry.Kind.none, "\(String(describing: views[.oc]))")
            #expect(views[.containers]?.health == .ok && views[.containers]?.found.file == sandbox.dockerConfigFile.path, "skopeo goes on to config.json")
            #expect(views[.docker]?.health == .ok && views[.helm]?.health == .ok, "docker and helm do not read REGISTRY_AUTH_FILE")
            let problem = try #require(try status.report(bypassed).registries.first?.problems.first { $0.area == .wiring })
            #expect(problem.message == "REGISTRY_AUTH_FILE names \(pullSecret.path), the only file oc reads (as with -a FILE), and it has no entry for \(host) that sends oc to regctl", "\(problem)")
            #expect(problem.fix?.text == "REGISTRY_AUTH_FILE=\(pullSecret.path) regctl login \(host) --context developer/api-test:6443/developer", "\(problem)")
            #expect(try String(contentsOf: pullSecret, encoding: .utf8) == secretText, "status changes nothing")

            // skopeo with docker's config.json out of sight reads what oc reads: the pull secret.
            let elsewhere = sandbox.root.appendingPathComponent("no-docker-config")
            try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
            let refused = try await sandbox.run(["skopeo", "inspect", reference], adding: ["DOCKER_CONFIG": elsewhere.path])
            #expect(!refused.succeeded, "nothing in the pull secret for the registry: \(refused)")
            #expect(try await sandbox.regctl(["login", host]).succeeded, "the fix, run with REGISTRY_AUTH_FILE set")
            #expect(try sandbox.entries("auths", in: pullSecret) == ["quay.io"] && sandbox.entries("credHelpers", in: pullSecret) == [host])
            let fixed = try await sandbox.regctl(["status"])
            #expect(fixed.status == 0, "\(fixed)")
            let inspect = try await sandbox.run(["skopeo", "inspect", reference], adding: ["DOCKER_CONFIG": elsewhere.path])
            #expect(inspect.succeeded, "the pull secret now sends skopeo, and oc, to regctl: \(inspect)")

            try sandbox.write("{\"auths\": {", to: helmFile)
            let malformed = try await sandbox.regctl(["status"])
            #expect(malformed.status == 1, "\(malformed)")
            #expect(malformed.stdout.contains(helmFile.path), "the malformed file is named: \(malformed.stdout)")
        }
    }
}
