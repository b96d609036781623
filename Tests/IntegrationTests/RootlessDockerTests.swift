import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// A user's real rootless docker (``RootlessDockerDaemon``) reading the `~/.config/docker/certs.d`
/// that `trust install --scope user` writes, and pulling through regctl's helper. The
/// registry is on 192.0.2.10 in a network namespace RootlessKit shares.
@Suite("rootless docker")
struct RootlessDockerTests {
    @Test("the user's rootless dockerd refuses the registry (x509) until trust install --scope user writes ~/.config/docker/certs.d, which verify and status check; after login it pulls through regctl's helper")
    func pullsThroughUserCertsDirectory() async throws {
        try await withSandbox { sandbox in
            let lane = try await UserLane.start(in: sandbox)
            let namespace = try await sandbox.startNetworkNamespace()
            let password = "pw-\(UUID())"
            let registry = try await sandbox.startRegistry(.htpasswd(["alice": password]), in: namespace)
            let host = registry.host
            let reference = "\(host)/team/hello:1"
            let daemon = try await lane.startRootlessDocker(in: namespace)
            let docker = ["docker", "--host", "unix://\(daemon.socket.path)"]

            let untrusted = try await lane.run(docker + ["pull", reference])
            #expect(untrusted.status == 1, "\(untrusted)")
            #expect(untrusted.stderr.contains(#"Error response from daemon: Get "https://\#(host)/v2/": x509: certificate signed by unknown authority"#), "\(untrusted.stderr)")
            let unverified = try await lane.regctl(["trust", "verify", host, "--scope", "user"], in: namespace)
            #expect(unverified.status == 1, "\(unverified)")
            #expect(unverified.stdout.contains("FAILED  docker-rootless (system roots only): "), "\(unverified)")

            let ca = lane.user.home.appendingPathComponent("ca.pem")
            try sandbox.write(try sandbox.authority.certificatePEM, to: ca)
            try await lane.user.own(ca)
            let install = try await lane.regctl(["trust", "install", host, "--ca-file", ca.path, "--scope", "user"], in: namespace)
            try #require(install.status == 0, "\(install)")
            let directory = lane.user.home.appendingPathComponent(".config/docker/certs.d/\(host)")
            #expect(try String(contentsOf: directory.appendingPathComponent("ca.crt"), encoding: .utf8) == (try sandbox.authority.certificatePEM))
            let verify = try await lane.regctl(["trust", "verify", host, "--scope", "user", "--json"], in: namespace)
            #expect(verify.status == 0, "\(verify)")
            let checks = try JSONDecoder.iso8601.decode(TrustVerificationReport.self, from: Data(verify.stdout.utf8)).checks
            #expect(checks.map(\.client) == ["containers", "docker-rootless", "containerd-rootless"], "\(verify)")
            #expect(checks.first { $0.trustClient == .dockerRootless }?.directory == directory.path, "\(verify)")
            let status = try await lane.regctl(["status", host, "--json"], in: namespace)
            let trust = try JSONDecoder.iso8601.decode(StatusReport.self, from: Data(status.stdout.utf8)).registries.first?.trust ?? []
            #expect(trust.first { $0.trustClient == .dockerRootless }?.result == .ok, "\(status)")
            #expect(trust.first { $0.trustClient == .dockerRootless }?.directory == directory.path, "\(status)")

            let anonymous = try await lane.run(docker + ["pull", reference])
            #expect(anonymous.status == 1, "\(anonymous)")
            #expect(anonymous.stderr.contains(#"Error response from daemon: Head "https://\#(host)/v2/team/hello/manifests/1": no basic auth credentials"#), "\(anonymous.stderr)")

            try await lane.regctl(["login", host, "-u", "alice", "--password-stdin"], in: namespace, stdin: password + "\n").required()
            let config = try #require(try sandbox.readJSON(lane.user.home.appendingPathComponent(".docker/config.json")))
            #expect(config["credHelpers"]?[host]?.stringValue == "regctl", "\(config)")
            #expect(config["auths"]?[host] == nil, "the credential is in the keyring, not in docker's file: \(config)")
            let image = try await lane.makeTestImage()
            try await lane.run(["skopeo", "copy", image.reference, "docker://\(reference)"], in: namespace).required()

            let witness = try await UserLaneTests.HelperWitness.make(lane)
            let pull = try await lane.run(docker + ["pull", reference], adding: witness.path(lane))
            #expect(pull.status == 0, "\(pull)")
            #expect(pull.stdout.contains("Status: Downloaded newer image for \(reference)"), "\(pull.stdout)")
            let ran = (try? String(contentsOf: witness.record, encoding: .utf8)) ?? ""
            #expect(!ran.isEmpty, "regctl's helper gave the credential, not docker's default store (secretservice reads the same keyring item)")
        }
    }
}
