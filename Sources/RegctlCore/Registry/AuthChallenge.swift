/// A `WWW-Authenticate` challenge: the scheme and its parameters.
public struct AuthChallenge: Equatable, Sendable {
    let scheme: String
    let parameters: [String: String]

    /// Parses `Bearer realm="https://…",service="…"` or `Basic realm="…"`; nil for anything else.
    package init?(header: String) {
        let trimmed = header.drop(while: \.isWhitespace)
        guard let space = trimmed.firstIndex(where: \.isWhitespace) ?? (trimmed.isEmpty ? nil : trimmed.endIndex) else { return nil }
        scheme = trimmed[..<space].lowercased()
        var rest = trimmed[space...]
        var parameters: [String: String] = [:]
        while true {
            rest = rest.drop { $0.isWhitespace || $0 == "," }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let key = rest[..<equals].trimmed.lowercased()
            rest = rest[rest.index(after: equals)...]
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                while let character = rest.first {
                    rest = rest.dropFirst()
                    if character == "\"" { break }
                    if character == "\\", let escaped = rest.first {
                        value.append(escaped)
                        rest = rest.dropFirst()
                    } else {
                        value.append(character)
                    }
                }
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                value = rest[..<end].trimmed
                rest = rest[end...]
            }
            parameters[key] = value
        }
        self.parameters = parameters
        guard scheme == "basic" || scheme == "bearer" else { return nil }
    }
}
