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
        (TrustClient.containers, "regctl trust install reg.example:5000 --from-cluster"),
        (.containersRoot, "regctl trust install reg.example:5000 --from-cluster --scope system"),
        (.docker, "regctl trust install reg.example:5000 --from-cluster --scope system"),
        (.dockerRootless, "regctl trust install reg.example:5000 --from-cluster --scope user && install -D -m 0644 "
            + "/home/dev/.config/containers/certs.d/reg.example:5000/ca.crt /home/dev/.config/docker/certs.d/reg.example:5000/ca.crt"),
    ])
    func fix(client: TrustClient, command: String) {
        let directories = CertsDirectories(environment: environment())
        #expect(client.fix.commandLine(for: host, source: "--from-cluster", directories: directories) == command)
    }

    @Test("a fix that installs writes a directory the client reads; rootless docker reads none that trust install writes")
    func fixReachesTheClient() {
        for client in TrustClient.allCases {
            switch client.fix {
            case .install(let scope): #expect(!Set(scope.locations).isDisjoint(with: client.locations), "\(client)")
            case .copyUserCA: #expect(client.locations.isEmpty, "\(client)")
            }
        }
        #expect(TrustClient.dockerRootless.fix == .copyUserCA)
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
    }

    @Test("the clients each scope checks: podman as root only for another user, rootless docker only when its socket exists")
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
    }

    @Test("the JSON names of the clients stay those of docs/status.schema.json")
    func rawValues() {
        #expect(TrustClient.allCases.map(\.rawValue) == ["containers", "containers-root", "docker", "docker-rootless"])
    }
}
