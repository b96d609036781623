/// Why a JSON or YAML document does not have the shape regctl reads, in words: where
/// (`.registries[0].store`) and what was expected — never a Swift type name.
enum DecodingErrorText {
    static func describe(_ error: any Error, format: String) -> String {
        guard let error = error as? DecodingError else {
            return "\(error)".split(separator: "\n").first.map(String.init) ?? "not \(format)"
        }
        switch error {
        case .typeMismatch(let type, let context):
            return at(context) + "expected " + kind(type)
        case .valueNotFound(let type, let context):
            return at(context) + "expected " + kind(type) + ", found nothing"
        case .keyNotFound(let key, let context):
            return at(context) + "the key \"\(key.stringValue)\" is missing"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not \(format)" : at(context) + "a value it does not know"
        @unknown default:
            return "not \(format)"
        }
    }

    private static func at(_ context: DecodingError.Context) -> String {
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return path.isEmpty ? "" : "\(path): "
    }

    private static func kind(_ type: Any.Type) -> String {
        let name = "\(type)"
        if name.hasPrefix("Dictionary") { return "a mapping" }
        if name.hasPrefix("Array") { return "a list" }
        if name == "String" { return "a string" }
        if name == "Bool" { return "true or false" }
        if ["Int", "Double", "Float"].contains(name) { return "a number" }
        return "another kind of value"
    }
}
