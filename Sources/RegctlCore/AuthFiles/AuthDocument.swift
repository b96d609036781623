import FoundationEssentials

/// An auth file (`auth.json` or `config.json`) as parsed JSON, edited only where regctl owns
/// it: `auths[HOST]` and `credHelpers[HOST]`. Every other key keeps its value and its place.
struct AuthDocument {
    private(set) var root: JSONValue

    /// Parses `data` (missing or blank: an empty document), checking the shape the clients expect.
    init(data: Data?, path: String) throws(AuthFileError) {
        let text = data.map { String(decoding: $0, as: UTF8.self) } ?? ""
        if text.allSatisfy(\.isWhitespace) {
            root = .object([:])
            return
        }
        do {
            root = try JSONValue(parsing: text)
        } catch {
            throw .malformed(path: path, detail: error.description)
        }
        guard let object = root.objectValue else { throw .wrongShape(path: path, detail: "the top level is not a JSON object") }
        if let auths = object["auths"] {
            guard let entries = auths.objectValue else { throw .wrongShape(path: path, detail: "\"auths\" is not an object") }
            if let bad = entries.first(where: { $0.value.objectValue == nil }) {
                throw .wrongShape(path: path, detail: "auths[\"\(bad.key)\"] is not an object")
            }
        }
        if let helpers = object["credHelpers"] {
            guard let entries = helpers.objectValue else { throw .wrongShape(path: path, detail: "\"credHelpers\" is not an object") }
            if let bad = entries.first(where: { $0.value.stringValue == nil }) {
                throw .wrongShape(path: path, detail: "credHelpers[\"\(bad.key)\"] is not a string")
            }
        }
    }

    /// The document as the clients write it: tab-indented JSON.
    var data: Data { Data((root.serialized(indent: "\t") + "\n").utf8) }

    func helper(for host: String) -> String? { root["credHelpers"]?[host]?.stringValue }

    func auth(for host: String) -> String? { root["auths"]?[host]?["auth"]?.stringValue }

    /// docker's `credsStore`, when set.
    var credentialStore: String? { root["credsStore"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } }

    /// The `auths` keys a client reads for `host`, in `auths` order: the host itself, a URL of
    /// it (`https://host/v1/`, as old `docker login` wrote) and its repositories (`host/ns/repo`).
    func authKeys(of host: String) -> [String] {
        guard let auths = root["auths"]?.objectValue else { return [] }
        return auths.keys.filter { Self.host(ofKey: $0) == host }
    }

    /// The registry an `auths` key is for: without scheme, up to the first `/`.
    static func host(ofKey key: String) -> String {
        var stripped = Substring(key)
        for scheme in ["http://", "https://"] where stripped.hasPrefix(scheme) { stripped = stripped.dropFirst(scheme.count) }
        return String(stripped.prefix { $0 != "/" })
    }

    /// Removes every entry a client would read for `host`: `credHelpers[host]` and each of
    /// ``authKeys(of:)``. Returns what went, as `credHelpers[KEY]` / `auths[KEY]`.
    mutating func removeEntries(of host: String) -> [String] {
        var removed: [String] = []
        if root["credHelpers"]?[host] != nil {
            removeEntry("credHelpers", host)
            removed.append("credHelpers[\(host)]")
        }
        for key in authKeys(of: host) {
            removeEntry("auths", key)
            removed.append("auths[\(key)]")
        }
        return removed
    }

    /// Points `host` at `docker-credential-SUFFIX` and drops any plain credential for it.
    mutating func useHelper(_ suffix: String, for host: String) {
        update("credHelpers") { $0[host] = .string(suffix) }
        removeEntry("auths", host)
    }

    /// Stores `user:secret` in plain base64 for `host` and drops any helper for it.
    mutating func setAuth(_ encoded: String, for host: String) {
        update("auths") { auths in
            var entry = auths[host] ?? .object([:])
            entry["auth"] = .string(encoded)
            auths[host] = entry
        }
        removeEntry("credHelpers", host)
    }

    /// Removes both entries regctl may have written for `host`.
    mutating func forget(_ host: String) {
        removeEntry("auths", host)
        removeEntry("credHelpers", host)
    }

    private mutating func update(_ key: String, _ change: (inout JSONValue) -> Void) {
        var section = root[key] ?? .object([:])
        change(&section)
        root[key] = section
    }

    private mutating func removeEntry(_ key: String, _ host: String) {
        guard root[key]?[host] != nil else { return }
        update(key) { $0[host] = nil }
    }
}
