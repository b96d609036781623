/// A fix in JSON: two keys of the object of what it fixes — `fix`, its ``Fix/text`` as the text
/// output prints it, and `commands`, its command lines in order (empty for a fix by hand); both
/// absent without a fix. `status --json` and `can-i --json` write it so.
extension Fix {
    private enum JSONKeys: String, CodingKey { case fix, commands }

    /// Writes `fix` and `commands` into the object `encoder` writes.
    public func encode(beside encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONKeys.self)
        try container.encode(text, forKey: .fix)
        try container.encode(commands, forKey: .commands)
    }

    /// The fix the object `decoder` reads holds; nil when it has none.
    public init?(beside decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: JSONKeys.self)
        guard let text = try container.decodeIfPresent(String.self, forKey: .fix) else { return nil }
        self.init(text: text, commands: try container.decodeIfPresent([String].self, forKey: .commands) ?? [])
    }

    /// The fix whose ``text`` is `text` and whose ``commands`` are `commands`: the steps and
    /// note read back from the text as ``text`` writes them.
    private init(text: String, commands: [String]) {
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
