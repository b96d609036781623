/// An image reference as podman and docker parse it: `[HOST/]PATH[:TAG][@DIGEST]`.
///
/// The first component is a registry host only if it contains `.` or `:` or is
/// `localhost`; otherwise the image is on Docker Hub (`docker.io`), which regctl leaves alone.
public struct ImageReference: Sendable, Equatable, CustomStringConvertible {
    /// The registry, or nil for a Docker Hub short name.
    public let host: RegistryHost?
    public let path: String
    public let tag: String?
    public let digest: String?
    public let description: String

    public init(_ text: String) throws(ImageReferenceError) {
        description = text
        guard !text.isEmpty, text.count <= 4096 else { throw .invalid(text, "it is empty or too long") }
        var rest = Substring(text)
        if let at = rest.firstIndex(of: "@") {
            let value = String(rest[rest.index(after: at)...])
            guard Self.isDigest(value) else { throw .invalid(text, "the digest must look like sha256:<64 hex digits>") }
            digest = value
            rest = rest[..<at]
        } else {
            digest = nil
        }
        let components = rest.split(separator: "/", omittingEmptySubsequences: false)
        guard let first = components.first, !first.isEmpty else { throw .invalid(text, "it has no name") }
        var pathComponents = components[...]
        if components.count > 1, first.contains(".") || first.contains(":") || first == "localhost" {
            do { host = try RegistryHost(String(first)) } catch { throw .invalid(text, error.reason) }
            guard host?.description == String(first) else { throw .invalid(text, "the registry host must be lower case") }
            pathComponents = components.dropFirst()
        } else {
            host = nil
        }
        var last = String(pathComponents.last ?? "")
        if let colon = last.lastIndex(of: ":") {
            let value = String(last[last.index(after: colon)...])
            guard Self.isTag(value) else { throw .invalid(text, "the tag \"\(value)\" is not valid ([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})") }
            tag = value
            last = String(last[..<colon])
        } else {
            tag = nil
        }
        let names = pathComponents.dropLast().map(String.init) + [last]
        guard names.allSatisfy(Self.isPathComponent) else {
            throw .invalid(text, "repository names are lower case letters, digits and separators (., _, __, -), split by /")
        }
        path = names.joined(separator: "/")
    }

    private static func isPathComponent(_ name: String) -> Bool {
        name.wholeMatch(of: #/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*/#) != nil
    }

    private static func isTag(_ tag: String) -> Bool {
        tag.wholeMatch(of: #/[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}/#) != nil
    }

    private static func isDigest(_ digest: String) -> Bool {
        digest.wholeMatch(of: #/[a-z0-9]+(?:[+._-][a-z0-9]+)*:[0-9a-fA-F]{32,}/#) != nil
    }
}

/// An image reference regctl cannot use.
public enum ImageReferenceError: RegctlError, Equatable {
    case invalid(String, String)

    public var message: String {
        switch self {
        case .invalid(let text, let reason): "invalid image reference \"\(text)\": \(reason)"
        }
    }

    public var fix: Fix? { .act("Write it as HOST[:PORT]/NAMESPACE/NAME[:TAG][@sha256:DIGEST], e.g. registry.example.com/team/app:1.0.") }
    public var status: ExitStatus { .usage }
}
