import Foundation
import RegctlTestSupport
import Testing

/// The committed completion scripts, in the real shells, typed into a real terminal.
@Suite("shell completions")
struct ShellCompletionTests {
    static let completions = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("completions")

    @Test("the committed scripts are what the current build generates", arguments: [
        ("bash", "regctl.bash"), ("zsh", "_regctl"), ("fish", "regctl.fish"),
    ])
    func scriptsAreCurrent(shell: String, file: String) async throws {
        try await withSandbox { sandbox in
            let generated = try await sandbox.regctl(["--generate-completion-script", shell])
            try #require(generated.succeeded)
            let committed = try String(contentsOf: Self.completions.appendingPathComponent(file), encoding: .utf8)
            #expect(generated.stdout == committed, "completions/\(file) is stale: run `make completions` and commit it")
        }
    }

    enum Shell: String, CaseIterable, Sendable {
        case bash, zsh, fish
    }

    /// How to start each shell with the committed script loaded, and nothing else.
    private func start(_ shell: Shell, in sandbox: Sandbox) async throws -> TerminalSession {
        let rc = sandbox.root.appendingPathComponent("shell-rc")
        switch shell {
        case .bash:
            try sandbox.write("""
                source /usr/share/bash-completion/bash_completion
                source \(Self.completions.path)/regctl.bash
                PS1='$ '
                """, to: rc.appendingPathComponent("bashrc"))
            return try await sandbox.terminal("bash --noprofile --rcfile \(rc.path)/bashrc -i")
        case .zsh:
            try sandbox.write("""
                fpath=(\(Self.completions.path) $fpath)
                autoload -U compinit && compinit -u
                PS1='$ '
                """, to: rc.appendingPathComponent(".zshrc"))
            return try await sandbox.terminal("ZDOTDIR=\(rc.path) zsh -i")
        case .fish:
            try sandbox.write("""
                source \(Self.completions.path)/regctl.fish
                function fish_prompt; echo -n '$ '; end
                """, to: rc.appendingPathComponent("config.fish"))
            return try await sandbox.terminal("fish --no-config --init-command 'source \(rc.path)/config.fish'")
        }
    }

    @Test("subcommands, flags, registry names with a port, and kubeconfig contexts complete", arguments: Shell.allCases)
    func completes(shell: Shell) async throws {
        try await withSandbox { sandbox in
            try sandbox.write(#"{"registries": {"reg.example:5000": {"store": "secret-service", "username": "u"}}}"#,
                              to: sandbox.configHome.appendingPathComponent("regctl/config.json"))
            try sandbox.write(#"{"credHelpers": {"quay.example": "regctl"}}"#, to: sandbox.dockerConfig.appendingPathComponent("config.json"))
            try sandbox.write("""
                apiVersion: v1
                clusters: [{name: c, cluster: {server: "https://api.example:6443"}}]
                contexts: [{name: "developer/api-example:6443/dev", context: {cluster: c, user: u}}]
                current-context: "developer/api-example:6443/dev"
                users: [{name: u, user: {token: t}}]
                """, to: sandbox.kubeconfig)
            let terminal = try await start(shell, in: sandbox)
            try await terminal.waitFor("$")

            try await terminal.send("regctl tr", "Tab")
            try await terminal.waitFor("regctl trust")
            try await terminal.send("sh", "Tab")  // "trust " then "sh": proves the space was added
            try await terminal.waitFor("regctl trust show")
            try await terminal.send("reg", "Tab")
            try await terminal.waitFor("5000")
            try await terminal.send("Enter")
            // The host arrives whole: regctl names it in its answer.
            try await terminal.waitFor("no CA is installed for reg.example:5000")

            try await terminal.send("regctl logout qu", "Tab")
            try await terminal.waitFor("regctl logout quay.example")
            try await terminal.send("C-u")

            // bash splits words at ':' (COMP_WORDBREAKS), so its completion writes the host as
            // reg.example\:5000, which the shell passes on as reg.example:5000; typed that way here.
            try await terminal.send(shell == .bash ? "regctl login reg.example\\:5000 --cont" : "regctl login reg.example:5000 --cont", "Tab")
            try await terminal.waitFor("--context")
            try await terminal.send("dev", "Tab")
            try await terminal.waitFor("6443")
            try await terminal.send("C-u")

            try await terminal.send("regctl trust install x --sc", "Tab")
            try await terminal.waitFor("--scope")
            try await terminal.send("us", "Tab")
            try await terminal.waitFor("--scope user")
        }
    }
}
