import Foundation
@testable import RegctlCore
import RegctlTestSupport
import Synchronization
import Testing

/// Races that kills and other programs bring to regctl's file writes, run for many rounds
/// with a second thread playing the other party. A plain read-modify-write would lose an
/// entry in the first, and a plain directory-then-file install would show a CA-less
/// directory in the second. Both parties block (locks, busy loops), so each has a thread
/// of its own, off Swift's cooperative pool.
@Suite("file races")
struct FileRaceTests {
    /// A scratch directory for one test, removed afterwards.
    func withDirectory(_ body: (URL) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("regctl-race-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await body(directory)
    }

    /// What the test and its second thread share.
    final class Shared: Sendable {
        let stop = Atomic<Bool>(false)
        let count = Atomic<Int>(0)
        let found = Atomic<Int>(0)
    }

    /// Runs `body` on a thread of its own until `shared.stop` is set; its value is the end.
    func background(_ shared: Shared, _ body: @escaping @Sendable () -> Void) -> Task<Void, Never> {
        Task { await offPool { while !shared.stop.load(ordering: .relaxed) { body() } } }
    }

    @Test("a locked edit never drops a line that a writer without the lock renamed into place meanwhile, as podman does with auth.json")
    func unlockedWriter() async throws {
        try await withDirectory { directory in
            let file = directory.appendingPathComponent("auth.json")
            try Data().write(to: file)
            let shared = Shared()
            defer { shared.stop.store(true, ordering: .relaxed) }
            let done = background(shared) {
                // podman's write: read, add, temp file, rename; no lock. Paced like a busy user.
                let number = shared.count.add(1, ordering: .relaxed).newValue
                let current = (try? Data(contentsOf: file)) ?? Data()
                let temporary = directory.appendingPathComponent(".tmp-auth.json\(number)")
                try? (current + Data("foreign-\(number)\n".utf8)).write(to: temporary)
                rename(temporary.path, file.path)
                usleep(UInt32.random(in: 1_000...4_000))
            }
            // On a loaded machine the writer's thread may start late: the race needs it running.
            while shared.count.load(ordering: .relaxed) == 0 { try await Task.sleep(for: .milliseconds(1)) }
            let gaveUp = try await offPool {
                var gaveUp = 0
                for round in 1...300 {
                    // An edit may give up on a file replaced again and again; it then wrote nothing.
                    while true {
                        do {
                            try LockedFile.update(file) { current in (current ?? Data()) + Data("regctl-\(round)\n".utf8) }
                            break
                        } catch AuthFileError.ioFailed(_, let reason) where reason.contains("replaced it") {
                            gaveUp += 1
                        }
                    }
                }
                return gaveUp
            }
            shared.stop.store(true, ordering: .relaxed)
            await done.value
            let lines = Set(try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init))
            let written = shared.count.load(ordering: .relaxed)
            try #require(written > 0)
            let lost = (1...written).filter { !lines.contains("foreign-\($0)") }
            let droppedByForeign = (1...300).filter { !lines.contains("regctl-\($0)") }.count
            print("file races: \(written) unlocked writes during 300 locked edits (\(gaveUp) gave up and ran again); the edits dropped \(lost.count), the unlocked writer dropped \(droppedByForeign) of the edits")
            #expect(lost.isEmpty, "lines the locked edits dropped: \(lost)")
        }
    }

    @Test("a certs.d host directory is never seen without its ca.crt while CAs are installed and removed")
    func hostDirectoryNeverEmpty() async throws {
        try await withDirectory { directory in
            let root = directory.appendingPathComponent("certs.d")
            let host = root.appendingPathComponent("reg.example:5000")
            let file = host.appendingPathComponent("ca.crt")
            let shared = Shared()
            defer { shared.stop.store(true, ordering: .relaxed) }
            let done = background(shared) {
                // What podman would find at this moment: the directory, then a ca.crt in it.
                let descriptor = open(host.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                guard descriptor >= 0 else { return }
                defer { close(descriptor) }
                let hasCA = faccessat(descriptor, "ca.crt", F_OK, 0) == 0
                var held = stat(), now = stat()
                // Count only when the directory opened is still the one at that path.
                guard fstat(descriptor, &held) == 0, stat(host.path, &now) == 0, held.st_ino == now.st_ino else { return }
                shared.count.add(1, ordering: .relaxed)
                if !hasCA { shared.found.add(1, ordering: .relaxed) }
            }
            // At least 300 rounds, and on until the observer, whose thread may start late on a
            // loaded machine, has looked 50 times (at most 100,000 rounds).
            let rounds = try await offPool {
                var rounds = 0
                while rounds < 300 || (shared.count.load(ordering: .relaxed) < 50 && rounds < 100_000) {
                    try CertsFileWriter.write("-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----\n", to: file)
                    try CertsFileWriter.remove(file)
                    rounds += 1
                }
                return rounds
            }
            shared.stop.store(true, ordering: .relaxed)
            await done.value
            let samples = shared.count.load(ordering: .relaxed), empty = shared.found.load(ordering: .relaxed)
            print("file races: \(samples) looks at the host directory during \(rounds) installs and removals; \(empty) found it without ca.crt")
            try #require(samples > 0)
            #expect(empty == 0)
            #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).isEmpty, "nothing left behind")
        }
    }
}
