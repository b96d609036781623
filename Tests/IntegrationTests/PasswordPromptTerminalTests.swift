import Foundation
import RegctlCore
import RegctlTestSupport
import Testing

/// The password prompt at a real terminal (tmux), in an interactive shell as a person has.
@Suite("password prompt at a terminal")
struct PasswordPromptTerminalTests {
    /// The shell's prompt, set so that the screen says when the shell waits for a command.
    static let shellPrompt = "shell-ready>"

    @Test("Ctrl-C at the password prompt: regctl ends by the interrupt (130) and the shell's terminal echoes again")
    func interruptRestoresEcho() async throws {
        try await withSandbox { sandbox in
            // dash, unlike bash, does not put the terminal back after a job a signal ended:
            // what regctl leaves is what the person gets.
            let terminal = try await sandbox.terminal("PS1='\(Self.shellPrompt) ' dash -i")
            try await terminal.waitFor(Self.shellPrompt)
            let regctl = Sandbox.productsDirectory.appendingPathComponent("regctl").path
            let server = "https://127.0.0.1:9"
            try await terminal.send("\(regctl) login registry.test --server \(server) --username developer", "Enter")
            try await terminal.waitFor("Password for developer at \(server):")
            try await terminal.send("C-c")
            try await terminal.send("echo \"[login exit $?]\"", "Enter")
            let ended = try await terminal.waitFor("[login exit ")
            #expect(ended.contains("[login exit 130]"), "ended by SIGINT: \(ended)")
            #expect(!ended.contains("Error:"), "\(ended)")

            try await terminal.send("stty -a", "Enter")
            let screen = try await terminal.waitFor("icanon")
            let settings = screen.split(whereSeparator: \.isWhitespace)
            #expect(settings.contains("echo") && !settings.contains("-echo"), "echo is on again: \(screen)")
        }
    }
}
