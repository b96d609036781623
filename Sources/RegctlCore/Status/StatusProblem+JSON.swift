/// A problem in `status --json`: `fix` is the fix's text as the table prints it, `commands`
/// its command lines in order (empty when it is done by hand); both absent without a fix.
extension StatusProblem: Codable {
    enum CodingKeys: String, CodingKey { case area, severity, message, fix, commands }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        area = try container.decode(Area.self, forKey: .area)
        severity = try container.decode(Health.self, forKey: .severity)
        message = try container.decode(String.self, forKey: .message)
        let commands = try container.decodeIfPresent([String].self, forKey: .commands) ?? []
        fix = try container.decodeIfPresent(String.self, forKey: .fix).map { Fix(text: $0, commands: commands) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(area, forKey: .area)
        try container.encode(severity, forKey: .severity)
        try container.encode(message, forKey: .message)
        guard let fix else { return }
        try container.encode(fix.text, forKey: .fix)
        try container.encode(fix.commands, forKey: .commands)
    }
}

extension Fix {
    /// The fix whose ``text`` is `text` and whose ``commands`` are `commands`: the steps and
    /// note read back from the text as ``text`` writes them.
    fileprivate init(text: String, commands: [String]) {
        let line = commands.joined(separator: " && ")
        if !commands.isEmpty, text == line || text.hasPrefix(line + "  # ") {
            self.init(steps: commands.map(Step.run), note: text == line ? nil : String(text.dropFirst(line.count + 4)))
            return
        }
        func act(_ part: Substring) -> [Step] {
            var part = part
            for lead in [", ", "then "] where part.hasPrefix(lead) { part = part.dropFirst(lead.count) }
            if part.hasSuffix(", ") { part = part.dropLast(2) }
            return part.isEmpty ? [] : [.act(String(part))]
        }
        var steps: [Step] = [], note: String?
        var rest = Substring(text)
        for command in commands {
            guard let range = rest.firstRange(of: "then run: " + command) ?? (rest.hasPrefix("Run: " + command) ? rest.firstRange(of: "Run: " + command) : nil) else { break }
            steps += act(rest[..<range.lowerBound])
            steps.append(.run(command))
            rest = rest[range.upperBound...]
        }
        if steps.isEmpty {
            steps = [.act(text)]
        } else if rest.hasPrefix("; ") {
            note = String(rest.dropFirst(2))
        } else if !rest.isEmpty {
            steps += act(rest)
        }
        self.init(steps: steps, note: note)
    }
}
