import Foundation
import RegctlCore
import Testing

@Suite("Trust clients")
struct TrustClientTests {
    let host = try! RegistryHost("reg.example:5000")

    func environment(root: Bool = false, runtime: String? = nil) -> RegctlEnvironment {
        var variables = ["HOME": "/home/dev", "REGCTL_SYSROOT": "/sysroot"]
        variables["XDG_RUNTIME_DIR"] = runtime
        return RegctlEnvironment(variables: variables, isRoot: root, isInteractive: false)
    }

    @Test("each client's fix, as the command status prints", arguments: [
        (TrustClient.containers, "regctl trust install reg.example:5000 --from-cluster --scope user"),
        (.containersRoot, "regctl trust install reg.example:5000 --from-cluster --scope system"),
        (.docker, "regctl trust install reg.example:5000 --from-cluster --scope system"),
        (.dockerRootless, "regctl trust install reg.example:5000 --from-cluster --scope user"),
        (.containerdRootless, "regctl trust install reg.example:5000 --from-cluster --scope user"),
    ])
    func fix(client: TrustClient, command: String) {
        #expect(client.fix.commandLine(for: host, source: "--from-cluster") == command)
    }

    @Test("every client's fix writes the first directory the client reads")
    func fixReachesTheClient() {
        for client in TrustClient.allCases {
            guard case .install(let scope) = client.fix else { continue }
            #expect(client.locations.first.map(scope.locations.contains) == true, "\(client)")
        }
    }

    @Test("the directories each client reads, in its order")
    func directories() {
        let directories = CertsDirectories(environment: environment())
        let system = "/sysroot/etc/containers/certs.d/reg.example:5000"
        let docker = "/sysroot/etc/docker/certs.d/reg.example:5000"
        #expect(directories.directories(of: .containers, for: host).map(\.path) == ["/home/dev/.config/containers/certs.d/reg.example:5000", system, docker])
        #expect(directories.directories(of: .containersRoot, for: host).map(\.path) == [system, docker])
        #expect(directories.directories(of: .docker, for: host).map(\.path) == [docker])
        #expect(directories.directories(of: .dockerRootless, for: host).map(\.path) == ["/home/dev/.config/docker/certs.d/reg.example:5000"])
        #expect(directories.directories(of: .containerdRootless, for: host).map(\.path)
            == ["/home/dev/.config/containerd/certs.d/reg.example:5000", "/home/dev/.config/docker/certs.d/reg.example:5000"])
        let xdg = RegctlEnvironment(variables: ["HOME": "/home/dev", "XDG_CONFIG_HOME": "/xdg"], isRoot: false, isInteractive: false)
        #expect(CertsDirectories(environment: xdg).root(.containerdUser).path == "/xdg/containerd/certs.d")
        #expect(CertsDirectories(environment: xdg).root(.containersUser).path == "/home/dev/.config/containers/certs.d")
    }

    @Test("the locations of each scope, users' first")
    func locations() {
        #expect(TrustScope.user.locations == [.containersUser, .dockerUser, .containerdUser])
        #expect(TrustScope.system.locations == [.containersSystem, .docker])
        #expect(CertsLocation.allCases.map(\.rawValue) == ["containers-user", "docker-user", "containerd-user", "containers-system", "docker"])
    }

    @Test("the clients each scope checks: podman as root only for another user, rootless docker only when its socket exists, rootless containerd when it runs or is configured")
    func checked() throws {
        let runtime = FileManager.default.temporaryDirectory.appendingPathComponent("regctl-trust-client-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: runtime, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: runtime) }
        #expect(TrustClient.checked(in: .all, environment: environment()) == [.containers, .containersRoot, .docker])
        #expect(TrustClient.checked(in: .system, environment: environment(root: true)) == [.docker])
        #expect(TrustClient.checked(in: .user, environment: environment(runtime: runtime.path)) == [.containers])
        try Data().write(to: runtime.appendingPathComponent("docker.sock"))
        #expect(TrustClient.checked(in: .user, environment: environment(runtime: runtime.path)) == [.containers, .dockerRootless])
        #expect(TrustClient.checked(in: .system, environment: environment(runtime: runtime.path)) == [.containersRoot, .docker])
        try FileManager.default.createDirectory(at: runtime.appendingPathComponent("containerd-rootless"), withIntermediateDirectories: true)
        #expect(TrustClient.checked(in: .user, environment: environment(runtime: runtime.path)) == [.containers, .dockerRootless, .containerdRootless])
        let configured = RegctlEnvironment(variables: ["HOME": "/nonexistent", "XDG_CONFIG_HOME": runtime.path + "/config"], isRoot: false, isInteractive: false)
        #expect(TrustClient.checked(in: .user, environment: configured) == [.containers])
        try FileManager.default.createDirectory(at: runtime.appendingPathComponent("config/containerd"), withIntermediateDirectories: true)
        #expect(TrustClient.checked(in: .user, environment: configured) == [.containers, .containerdRootless])
    }

    @Test("the JSON names of the clients stay those of docs/status.schema.json")
    func rawValues() {
        #expect(TrustClient.allCases.map(\.rawValue) == ["containers", "containers-root", "docker", "docker-rootless", "containerd-rootless"])
    }
}
