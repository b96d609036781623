import Foundation
import RegctlTestSupport
import Testing

/// The harness's promise that no process outlives its test, checked both ways.
@Suite("Sandbox teardown")
struct SandboxTeardownTests {
    @Test("every service is gone after teardown")
    func servicesStopped() async throws {
        var pids: [Int32] = []
        var root = ""
        try await withSandbox { sandbox in
            root = sandbox.root.path
            let openShift = try await sandbox.startOpenShift()
            let registry = try await sandbox.startRegistry(.token(openShift))
            let keyring = try await sandbox.startKeyring()
            pids = [registry.process.pid, keyring.bus.pid, keyring.daemon.pid]
            #expect(LeftoverProcesses.find(mentioning: root).count >= 3)
        }
        for pid in pids { #expect(kill(pid, 0) == -1 && errno == ESRCH, "process \(pid) is still running") }
        #expect(LeftoverProcesses.find(mentioning: root).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: root))
    }

    @Test("a process left running in the sandbox fails the test")
    func strayProcessIsReported() async throws {
        var stray: BackgroundProcess?
        let error = await #expect(throws: HarnessError.self) {
            try await withSandbox { sandbox in
                stray = try BackgroundProcess(
                    name: "sleep", ["sleep", "300"],
                    environment: sandbox.environment,
                    log: sandbox.root.appendingPathComponent("sleep.log")
                )
            }
        }
        #expect(error?.description.contains("sleep 300") == true, "teardown reported: \(error?.description ?? "nothing")")
        let process = try #require(stray)
        let ended = try? await process.poll(timeout: .seconds(5), what: "the stray to end") { process.isRunning ? nil : true }
        #expect(ended == true, "teardown must kill the stray process")
    }
}
