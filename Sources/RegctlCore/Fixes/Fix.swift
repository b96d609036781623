/// What a person does about a problem: command lines to run exactly as printed, by the person
/// who got them, or something to do by hand; and, when worth saying, what then follows by itself.
///
/// A fix is built from the problem and the situation (root or not, bound or account login,
/// keyring or file store, which client) where the problem is found, and turned into text once,
/// by ``text``: command lines joined with `&&` and a note as a shell comment, so that a line of
/// commands can be pasted into a shell as it stands.
public struct Fix: Sendable, Equatable {
    public enum Step: Sendable, Equatable {
        /// A command line, to be run as printed (it carries its own `sudo` or variables).
        case run(String)
        /// Something to do by hand: edit a file, sign in at a terminal, check the network.
        case act(String)
    }

    public var steps: [Step]
    /// What follows by itself once the steps are done ("regctl picks the new token up by itself").
    public var note: String?

    public init(steps: [Step], note: String? = nil) {
        self.steps = steps
        self.note = note
    }

    /// Run `commands`, in order.
    public static func run(_ commands: String..., note: String? = nil) -> Fix {
        Fix(steps: commands.map(Step.run), note: note)
    }

    /// Do `text` by hand.
    public static func act(_ text: String, note: String? = nil) -> Fix {
        Fix(steps: [.act(text)], note: note)
    }

    /// This fix's steps, then `next`'s; the later note wins.
    public func then(_ next: Fix) -> Fix {
        Fix(steps: steps + next.steps, note: next.note ?? note)
    }

    /// The command lines to run, in order.
    public var commands: [String] {
        steps.compactMap { if case .run(let command) = $0 { command } else { nil } }
    }

    /// Whether every step is a command line.
    public var isCommands: Bool { commands.count == steps.count }

    /// The fix as said after an error: `Run: ` before a line of commands, else ``text``.
    public var instruction: String { (isCommands ? "Run: " : "") + text }

    /// The fix as one line: `a && b  # note` when every step is a command line; else the steps
    /// in order, a command as `run: COMMAND`, with the note after.
    public var text: String {
        if isCommands {
            return commands.joined(separator: " && ") + (note.map { "  # \($0)" } ?? "")
        }
        var parts: [String] = []
        for step in steps {
            switch step {
            case .run(let command): parts.append((parts.isEmpty ? "Run: " : "then run: ") + command)
            case .act(let text): parts.append(parts.isEmpty ? text : "then " + text)
            }
        }
        return parts.joined(separator: ", ") + (note.map { "; \($0)" } ?? "")
    }
}
