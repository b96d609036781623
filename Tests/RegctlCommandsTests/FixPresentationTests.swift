import Foundation
@testable import RegctlCommands
import RegctlCore
import Testing

/// How an error's fix is shown (the one place: ``ErrorPresenter``), and how `--json` carries one.
@Suite("fix presentation")
struct FixPresentationTests {
    struct Failure: RegctlError {
        let fix: Fix?
        var message: String { "something is wrong" }
        var status: RegctlCore.ExitStatus { .failed }
    }

    static func shown(_ fix: Fix?) -> String {
        ErrorPresenter(command: Regctl.self, style: TerminalStyle(colored: false)).text(of: Failure(fix: fix))
    }

    @Test("command lines: Run: and the line a shell runs as it stands, the note a comment")
    func commands() {
        #expect(Self.shown(.run("oc login https://api.example:6443", note: "regctl picks the new token up by itself"))
            == "Error: something is wrong\nRun: oc login https://api.example:6443  # regctl picks the new token up by itself\n")
        #expect(Self.shown(.run("oc login", "regctl login reg.example")) == "Error: something is wrong\nRun: oc login && regctl login reg.example\n")
    }

    @Test("a hand step first: prose, with the command after 'then run:'; a hand step alone: its words; no fix: the message alone")
    func prose() {
        let mixed = Fix(steps: [.act("Check the fingerprint"), .run("regctl trust install reg.example --from-server --fingerprint AB --scope user")])
        #expect(Self.shown(mixed)
            == "Error: something is wrong\nCheck the fingerprint, then run: regctl trust install reg.example --from-server --fingerprint AB --scope user\n")
        #expect(Self.shown(.act("Name it with --namespace.")) == "Error: something is wrong\nName it with --namespace.\n")
        #expect(Self.shown(nil) == "Error: something is wrong\n")
    }

    struct Report: Encodable { let allowed: Bool }

    @Test("--json: the report's keys, then fix (its text) and commands (its command lines); neither without a fix")
    func json() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let withFix = try encoder.encode(FixJSON(report: Report(allowed: false), fix: .run("oc login", "regctl login reg.example")))
        #expect(String(decoding: withFix, as: UTF8.self)
            == #"{"allowed":false,"commands":["oc login","regctl login reg.example"],"fix":"oc login && regctl login reg.example"}"#)
        let byHand = try encoder.encode(FixJSON(report: Report(allowed: false), fix: .act("Ask an administrator")))
        #expect(String(decoding: byHand, as: UTF8.self) == #"{"allowed":false,"commands":[],"fix":"Ask an administrator"}"#)
        let none = try encoder.encode(FixJSON(report: Report(allowed: true), fix: nil))
        #expect(String(decoding: none, as: UTF8.self) == #"{"allowed":true}"#)
    }
}
