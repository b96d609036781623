import Foundation
@testable import RegctlCore
import RegctlTestSupport
import Testing

/// The files logout clears are the files the clients read: every client's read order, with
/// `REGISTRY_AUTH_FILE` set and unset.
@Suite("every client's file")
struct EveryClientFileTests {
    /// The sandbox's environment with `REGISTRY_AUTH_FILE` naming `file`.
    static func environment(_ sandbox: Sandbox, authFile file: URL) -> RegctlEnvironment {
        var environment = sandbox.regctlEnvironment
        environment.variables["REGISTRY_AUTH_FILE"] = file.path
        return environment
    }

    @Test("with REGISTRY_AUTH_FILE set: that file, the runtime and persistent auth.json, docker's and helm's files, each client's read order in them")
    func everyFile() async throws {
        try await withSandbox(auditsSecrets: false) { sandbox in
            let authFile = sandbox.root.appendingPathComponent("ci/auth.json")
            let helmFile = sandbox.configHome.appendingPathComponent("helm/registry/config.json")
            let files = [authFile, helmFile] + AuthFileFixture.File.allCases.map { $0.url(in: sandbox) }
            for file in files { try sandbox.write("{}", to: file) }
            let environment = Self.environment(sandbox, authFile: authFile)
            var unset = environment
            unset.variables["REGISTRY_AUTH_FILE"] = nil

            let every = try AuthFileLocations(environment: environment).everyClientFile()
            #expect(Set(every.map(\.path)) == Set(files.map(\.path)), "\(every)")
            #expect(every.count == files.count, "no repeats: \(every)")
            for locations in [AuthFileLocations(environment: environment), AuthFileLocations(environment: unset)] {
                for client in CredentialClient.allCases {
                    #expect(try Set(locations.readOrder(for: client)).isSubset(of: every), "\(client)")
                }
            }
        }
    }

    @Test("REGISTRY_AUTH_FILE a symbolic link: cosign/crane's file is its target, as podman's is; logout names the file once")
    func linkedAuthFile() async throws {
        try await withSandbox(auditsSecrets: false) { sandbox in
            let target = sandbox.root.appendingPathComponent("ci/auth.json")
            let link = sandbox.root.appendingPathComponent("auth-link.json")
            try sandbox.write(#"{"auths":{"reg.example:5000":{"auth":"\#(AuthFileFixture.podman.auth)"}}}"#, to: target)
            try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
            let locations = AuthFileLocations(environment: Self.environment(sandbox, authFile: link))

            #expect(try locations.readOrder(for: .goContainerRegistry) == [target])
            #expect(try locations.readOrder(for: .containers).first == target)
            #expect(try !locations.everyClientFile().contains(link))
        }
    }
}
