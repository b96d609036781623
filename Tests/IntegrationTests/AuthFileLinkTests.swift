import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// Auth files kept as links (dotfiles) stay links: regctl edits what they point at, as
/// docker does with config.json.
@Suite("linked auth files")
struct AuthFileLinkTests {
    @Test("auth.json and config.json as links: login and logout edit their targets, the links stay, podman follows them")
    func linksStay() async throws {
        try await withSandbox { sandbox in
            let world = try await LoginTests.World.make(sandbox, user: "developer")
            let host = world.registry.host
            let dotfiles = sandbox.home.appendingPathComponent("dotfiles")
            try FileManager.default.createDirectory(at: dotfiles, withIntermediateDirectories: true)
            let links = [sandbox.containersAuthFile, sandbox.dockerConfigFile]
            for (link, name) in zip(links, ["auth.json", "config.json"]) {
                let target = dotfiles.appendingPathComponent(name)
                try sandbox.write(#"{"auths": {"keep.example": {"auth": "a2VlcDptZQ=="}}}"#, to: target)
                try? FileManager.default.removeItem(at: link)
                try FileManager.default.createDirectory(at: link.deletingLastPathComponent(), withIntermediateDirectories: true)
                try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
            }

            try #require(try await sandbox.regctl(["login", host]).succeeded)
            for (link, name) in zip(links, ["auth.json", "config.json"]) {
                #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == dotfiles.appendingPathComponent(name).path, "\(link.path) is still a link")
                #expect(try sandbox.entries("credHelpers", in: dotfiles.appendingPathComponent(name)) == [host])
                #expect(try sandbox.entries("auths", in: dotfiles.appendingPathComponent(name)) == ["keep.example"])
            }
            let image = try await sandbox.makeTestImage()
            let reference = "\(host)/developer/linked:1"
            #expect(try await sandbox.run(["skopeo", "copy", image.reference, "docker://\(reference)"]).succeeded, "skopeo follows the link to regctl's helper")

            let logout = try await sandbox.regctl(["logout", host])
            #expect(logout.stdout.contains("from \(dotfiles.appendingPathComponent("auth.json").path)"), "\(logout.stdout)")
            for (link, name) in zip(links, ["auth.json", "config.json"]) {
                #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == dotfiles.appendingPathComponent(name).path)
                #expect(try sandbox.entries("credHelpers", in: dotfiles.appendingPathComponent(name)).isEmpty)
            }
        }
    }
}
