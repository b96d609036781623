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
                stray = try await BackgroundProcess(
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

    @Test("when the test body throws, teardown's findings are reported with its error")
    func bodyErrorAndTeardown() async throws {
        let error = await #expect(throws: HarnessError.self) {
            try await withSandbox { sandbox in
                _ = try await BackgroundProcess(name: "sleep", ["sleep", "301"], environment: sandbox.environment, log: sandbox.root.appendingPathComponent("sleep.log"))
                throw HarnessError("the body failed")
            }
        }
        let text = error?.description ?? ""
        #expect(text.contains("the body failed") && text.contains("processes outlived their sandbox") && text.contains("sleep 301"), "\(text)")
    }

    @Test("a program that hangs is killed at its time limit; the error names it and the limit")
    func hungProgram() async throws {
        try await withSandbox { sandbox in
            let error = await #expect(throws: HarnessError.self) {
                try await ProgramRunner.run(["sleep", "302"], environment: sandbox.environment, limit: .seconds(1))
            }
            #expect(error?.description == "`sleep 302` did not end within 1.00 s; its process group was killed")
            // Teardown fails if the sleep (whose HOME is the sandbox) still runs.
        }
    }

    @Test("cancelling the wait for a program kills it")
    func cancelledWait() async throws {
        try await withSandbox { sandbox in
            let run = Task { try await sandbox.run(["sleep", "303"]) }
            var started = false
            for _ in 0..<1_000 where !started {
                started = LeftoverProcesses.find(mentioning: sandbox.root.path).contains { $0.commandLine.hasPrefix("sleep 303") }
                if !started { try await Task.sleep(for: .milliseconds(20)) }
            }
            try #require(started, "sleep 303 runs")
            run.cancel()
            let error = await #expect(throws: HarnessError.self) { try await run.value }
            #expect(error?.description == "the wait for `sleep 303` was cancelled; its process group was killed")
        }
    }
}
