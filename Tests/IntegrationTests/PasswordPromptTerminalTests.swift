import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// The password prompt at a real terminal (tmux), in an interactive shell as a person has.
@Suite("password prompt at a terminal")
struct PasswordPromptTerminalTests {
    /// The shell's prompt, set so that the screen says when the shell waits for a command.
    static let shellPrompt = "shell-ready>"

    /// Whether the terminal echoes, as `stty` reports it: the output line `echo-is:echo` or
    /// `echo-is:-echo`, which the typed command line (`echo-is:/…`) never matches.
    static func echoSetting(_ terminal: TerminalSession, prompts: Int) async throws -> String {
        try await terminal.waitFor(shellPrompt, times: prompts)
        try await terminal.send(#"stty -a | tr ' ;' '\n\n' | grep -x -e echo -e -echo | sed 's/^/echo-is:/'"#, "Enter")
        try await terminal.waitFor(shellPrompt, times: prompts + 1)
        let screen = try await terminal.screen()
        guard let setting = screen.matches(of: #/echo-is:(-?echo)\b/#).last?.output.1 else {
            throw HarnessError("stty reported no echo setting:\n\(screen)")
        }
        return String(setting)
    }

    @Test("Ctrl-C at the password prompt: regctl ends by the interrupt (130) and the shell's terminal echoes again; a program that leaves echo off is seen (the control)")
    func interruptRestoresEcho() async throws {
        try await withSandbox { sandbox in
            // dash, unlike bash, does not put the terminal back after a job a signal ended:
            // what regctl leaves is what the person gets.
            let terminal = try await sandbox.terminal("PS1='\(Self.shellPrompt) ' dash -i")
            try await terminal.waitFor(Self.shellPrompt)
            try await terminal.send("stty -echo", "Enter")
            #expect(try await Self.echoSetting(terminal, prompts: 2) == "-echo", "the control: stty -echo leaves echo off")
            try await terminal.send("stty echo", "Enter")
            #expect(try await Self.echoSetting(terminal, prompts: 4) == "echo")

            let regctl = Sandbox.productsDirectory.appendingPathComponent("regctl").path
            let server = "https://127.0.0.1:9"
            try await terminal.send("\(regctl) login registry.test --server \(server) --username developer", "Enter")
            try await terminal.waitFor("Password for developer at \(server):")
            try await terminal.send("C-c")
            try await terminal.waitFor(Self.shellPrompt, times: 6)
            try await terminal.send("echo \"[login exit $?]\"", "Enter")
            let ended = try await terminal.waitFor("[login exit 1")
            #expect(ended.contains("[login exit 130]"), "ended by SIGINT: \(ended)")
            #expect(!ended.contains("Error:"), "\(ended)")
            #expect(try await Self.echoSetting(terminal, prompts: 7) == "echo", "echo is on again")
        }
    }
}
