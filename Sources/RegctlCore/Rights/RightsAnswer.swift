import FoundationEssentials

/// Whether an image stream exists, as far as the user can tell, and who said so.
public struct StreamPresence: Codable, Sendable, Equatable {
    public enum State: String, Codable, Sendable { case exists, missing, unknown }
    public let state: State
    /// "the image stream API", or "the registry's tags list" where the user may not read streams.
    public let source: String
}

/// The answer to "may I pull or push this image?": the checks made, what they said, and
/// when something is missing, the role to ask for and the command an administrator runs.
public struct RightsAnswer: Codable, Sendable, Equatable {
    public let image: String
    public let action: PushPull.Action
    public let namespace: String
    public let name: String
    /// The user as the cluster names them (`users/~`), for `oc policy`.
    public let user: String
    public let allowed: Bool
    public let checks: [AccessReview]
    /// For a push by tag: whether the stream exists (a new one needs `create imagestreams`).
    public let stream: StreamPresence?
    /// What is missing, for a person; nil when allowed.
    public let missing: String?
    public let role: String?
    public let command: String?

    /// The answer in a sentence: "yes: …" or "no: " and the ``refusal``.
    public var summary: String {
        if let refusal { return "no: \(refusal)" }
        let new = stream?.state == .missing ? " (a new image stream, which you may create)" : ""
        return "yes: \(shownUser) may \(verb) \(namespace)/\(name)\(new)"
    }

    /// Who may not do what, and what is missing; nil when allowed.
    public var refusal: String? {
        missing.map { "\(shownUser) may not \(verb) \(namespace)/\(name): \($0)" }
    }

    /// The cluster's name for the user, as text from a server is shown: never obeyed.
    private var shownUser: String { UntrustedText.escaped(user) }

    private var verb: String { action == .push ? "push to" : "pull from" }

    /// The role to ask for and the command, and that a missing project looks the same.
    public var fix: Fix? {
        guard let command, let role else { return nil }
        return .act(
            "Ask an administrator of project \(namespace) for the role \(role): \(command)",
            note: "a project that does not exist looks the same to you: check that \(namespace) is the right name"
        )
    }

    init(_ image: ImageReference, _ action: PushPull.Action, namespace: String, name: String, user: String, checks: [AccessReview], stream: StreamPresence?) {
        self.image = image.description
        self.action = action
        self.namespace = namespace
        self.name = name
        self.user = user
        self.checks = checks
        self.stream = stream
        let denied = checks.filter { !$0.allowed }
        allowed = denied.isEmpty
        guard !allowed else { (missing, role, command) = (nil, nil, nil); return }
        let onlyCreate = denied.allSatisfy { $0.resource == "imagestreams" }
        missing = onlyCreate
            ? "you may push to existing image streams only, and \(namespace)/\(name) does not exist yet (no right to \(denied[0].question))"
            : "the cluster does not allow " + denied.map(\.question).joined(separator: ", ")
        let role = action == .pull ? "registry-viewer" : "registry-editor"
        self.role = role
        command = "oc policy add-role-to-user \(role) \(ShellWords.quoted(UntrustedText.escaped(user))) -n \(namespace)"
    }
}

extension PushPull.Action: Codable {}
