import Foundation
import RegctlCore
import Testing

@Suite("Trust clients present, and the one each engine uses")
struct TrustClientPresenceTests {
    let host = try! RegistryHost("reg.example:5000")

    /// A scratch directory holding the sysroot, the home and the runtime directory.
    private func scratch(root: Bool = false, _ body: (URL, RegctlEnvironment) throws -> Void) throws {
        let top = FileManager.default.temporaryDirectory.appendingPathComponent("regctl-presence-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: top) }
        for name in ["sysroot/run", "home", "runtime"] {
            try FileManager.default.createDirectory(at: top.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        let variables = ["HOME": top.path + "/home", "REGCTL_SYSROOT": top.path + "/sysroot", "XDG_RUNTIME_DIR": top.path + "/runtime"]
        try body(top, RegctlEnvironment(variables: variables, isRoot: root, isInteractive: false))
    }

    @Test("docker's trust client: the daemon's, or rootless docker's once its socket is in XDG_RUNTIME_DIR; podman's is always the containers one")
    func usedByEngine() throws {
        try scratch { top, environment in
            #expect(TrustClient.used(by: .docker, environment: environment) == .docker)
            #expect(TrustClient.used(by: .podman, environment: environment) == .containers)
            try Data().write(to: top.appendingPathComponent("runtime/docker.sock"))
            #expect(TrustClient.used(by: .docker, environment: environment) == .dockerRootless)
            #expect(TrustClient.used(by: .podman, environment: environment) == .containers)
        }
    }

    @Test("DOCKER_HOST names the daemon docker talks to, whichever sockets exist")
    func dockerHost() throws {
        try scratch { top, environment in
            try Data().write(to: top.appendingPathComponent("runtime/docker.sock"))
            var rootful = environment
            rootful.variables["DOCKER_HOST"] = "unix:///var/run/docker.sock"
            #expect(TrustClient.used(by: .docker, environment: rootful) == .docker)
            var rootless = environment
            rootless.variables["DOCKER_HOST"] = "unix://\(top.path)/runtime/docker.sock"
            try FileManager.default.removeItem(at: top.appendingPathComponent("runtime/docker.sock"))
            #expect(TrustClient.used(by: .docker, environment: rootless) == .dockerRootless)
        }
    }

    @Test("presence: a socket makes a daemon in use; a containerd configuration directory alone makes rootless containerd possible")
    func presence() throws {
        try scratch { top, environment in
            #expect(TrustClient.allCases.map { $0.presence(in: environment) } == [.inUse, .possible, .possible, .absent, .absent])
            try Data().write(to: top.appendingPathComponent("sysroot/run/docker.sock"))
            try Data().write(to: top.appendingPathComponent("runtime/docker.sock"))
            try FileManager.default.createDirectory(at: top.appendingPathComponent("home/.config/containerd"), withIntermediateDirectories: true)
            #expect(TrustClient.allCases.map { $0.presence(in: environment) } == [.inUse, .possible, .inUse, .inUse, .possible])
            try FileManager.default.createDirectory(at: top.appendingPathComponent("runtime/containerd-rootless"), withIntermediateDirectories: true)
            #expect(TrustClient.containerdRootless.presence(in: environment) == .inUse)
        }
        try scratch(root: true) { _, environment in
            #expect(TrustClient.containersRoot.presence(in: environment) == .absent)
        }
    }

    @Test("the directory a client uses is the first of its own that exists; the later ones are listed after it")
    func firstExisting() throws {
        try scratch { top, environment in
            let directories = CertsDirectories(environment: environment)
            #expect(directories.directory(usedBy: .containers, for: host) == nil)
            for location in [CertsLocation.docker, .containersSystem] {
                try FileManager.default.createDirectory(at: directories.directory(location, for: host), withIntermediateDirectories: true)
            }
            #expect(directories.existingDirectories(of: .containers, for: host)
                == [directories.directory(.containersSystem, for: host), directories.directory(.docker, for: host)])
            #expect(directories.directory(usedBy: .containers, for: host) == directories.directory(.containersSystem, for: host))
            #expect(directories.directory(usedBy: .docker, for: host) == directories.directory(.docker, for: host))
            #expect(directories.directory(usedBy: .dockerRootless, for: host) == nil)
        }
    }
}
