/// A problem in `status --json`: `fix` is the fix's text as the table prints it, `commands`
/// its command lines in order (empty when it is done by hand); both absent without a fix.
extension StatusProblem: Codable {
    enum CodingKeys: String, CodingKey { case area, severity, message }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        area = try container.decode(Area.self, forKey: .area)
        severity = try container.decode(Health.self, forKey: .severity)
        message = try container.decode(String.self, forKey: .message)
        fix = try Fix(beside: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(area, forKey: .area)
        try container.encode(severity, forKey: .severity)
        try container.encode(message, forKey: .message)
        try fix?.encode(beside: encoder)
    }
}
