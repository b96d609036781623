import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// A regctl that holds a token in memory cannot be dumped or read by the user's other processes.
@Suite("process hardening")
struct ProcessHardeningTests {
    @Test("regctl and its credential helper are not dumpable: their /proc memory belongs to root, not to the user running them", arguments: ["regctl", "helper"])
    func notDumpable(program: String) async throws {
        try await withSandbox { sandbox in
            let regctl = Sandbox.productsDirectory.appendingPathComponent("regctl").path
            let command = program == "regctl" ? "\(regctl) login reg.example --token-stdin" : "\(try Sandbox.credentialHelperPath) get"
            // As nobody, waiting on a FIFO for the token it will not get; sleep is the control.
            let fifo = sandbox.root.appendingPathComponent("stdin").path
            let script = #"""
                mkfifo -m 666 "$1"
                setpriv --reuid=65534 --regid=65534 --clear-groups $2 < "$1" > /dev/null 2>&1 &
                program=$!
                setpriv --reuid=65534 --regid=65534 --clear-groups sleep 30 < "$1" &
                control=$!
                exec 3> "$1"
                # Until each has dropped root and run its program's start (or 10 s have passed).
                owner() { stat -c %U "/proc/$1/mem"; }
                for i in $(seq 100); do [ "$(owner $control)" = nobody ] && [ "$(readlink /proc/$control/exe)" != "$(command -v setpriv)" ] && break; sleep 0.1; done
                for i in $(seq 100); do [ "$(owner $program)" = root ] && [ "$(readlink /proc/$program/exe)" = "$3" ] && break; sleep 0.1; done
                echo "program $(owner $program) $(readlink /proc/$program/exe)"
                echo "control $(owner $control)"
                kill $control
                exec 3>&-
                wait $program
                """#
            let result = try await sandbox.run(["sh", "-c", script, "sh", fifo, command, URL(fileURLWithPath: regctl).resolvingSymlinksInPath().path])
            #expect(result.stdout.contains("control nobody"), "the control shows what a dumpable process looks like: \(result)")
            #expect(result.stdout.contains("program root \(URL(fileURLWithPath: regctl).resolvingSymlinksInPath().path)\n"), "\(result)")
        }
    }
}
