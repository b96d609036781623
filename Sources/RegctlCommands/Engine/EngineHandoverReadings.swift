/// `push` and `pull` read their command line without the argument parser
/// (``EngineHandoverRequest/init(commandLine:)``); this compares that reading with the
/// parser's, for the tests and the fuzz target that hold the two equal.
public enum EngineHandoverReadings {
    /// Why the two readings of `arguments` differ; nil when they agree, or when the direct
    /// reading leaves the command line to the parser.
    public static func disagreement(_ arguments: [String]) -> String? {
        guard let direct = EngineHandoverRequest(commandLine: arguments) else { return nil }
        let parsed = parsed(arguments)
        return parsed == direct ? nil : "read directly as \(direct), by the parser as \(parsed.map { "\($0)" } ?? "something else")"
    }

    /// Whether `push`/`pull` read `arguments` without the parser.
    public static func readsDirectly(_ arguments: [String]) -> Bool {
        EngineHandoverRequest(commandLine: arguments) != nil
    }

    /// What the parser makes of `arguments`, as a request; nil when it refuses them or they
    /// ask for something else (help).
    static func parsed(_ arguments: [String]) -> EngineHandoverRequest? {
        guard let command = try? Regctl.parseAsRoot(arguments) else { return nil }
        if let pull = command as? Pull { return pull.arguments.request(.pull) }
        if let push = command as? Push { return push.arguments.request(.push) }
        return nil
    }
}
