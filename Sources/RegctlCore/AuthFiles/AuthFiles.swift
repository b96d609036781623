import FoundationEssentials

/// The two files that tell podman/skopeo/buildah and docker where a registry's credential
/// is: containers `auth.json` and docker `config.json`, edited together.
public struct AuthFiles: Sendable {
    /// What `credHelpers[HOST]` names: `docker-credential-regctl`.
    public static let helperSuffix = "regctl"

    let locations: AuthFileLocations

    public init(locations: AuthFileLocations) {
        self.locations = locations
    }

    /// Checks that both files parse and have the right shape, changing nothing.
    public func check() throws(AuthFileError) {
        for file in try locations.all() {
            _ = try AuthDocument(data: LockedFile.contents(of: file), path: file.path)
        }
    }

    /// What a client finds for a host: the helper it runs, or the plain credential it sends,
    /// and the file that said so.
    public struct Found: Sendable, Equatable {
        public let file: URL?
        public let helper: String?
        public let auth: String?
    }

    /// What the clients find for `host`. podman and skopeo read their files in order
    /// (``AuthFileLocations/containersReadOrder()``) and stop at the first with an entry,
    /// `credHelpers` before `auths`; docker reads config.json: `credHelpers[HOST]`, then
    /// `credsStore`, then `auths`.
    public func entry(for host: RegistryHost, docker: Bool) throws(AuthFileError) -> Found {
        let files = docker ? [locations.dockerConfigFile()] : try locations.containersReadOrder()
        for file in files {
            let document = try AuthDocument(data: LockedFile.contents(of: file), path: file.path)
            if let helper = document.helper(for: host.description) { return Found(file: file, helper: helper, auth: nil) }
            if docker, let store = document.root["credsStore"]?.stringValue, !store.isEmpty {
                return Found(file: file, helper: store, auth: nil)
            }
            if let auth = document.auth(for: host.description), !auth.isEmpty { return Found(file: file, helper: nil, auth: auth) }
        }
        return Found(file: nil, helper: nil, auth: nil)
    }

    /// Whether regctl edits `file` (and so `regctl login` can rewire it).
    public func isWired(_ file: URL) -> Bool {
        ((try? locations.all()) ?? []).contains(file)
    }

    /// The hosts with an `auths` or `credHelpers` entry in `file`; none when it does not parse.
    static func hostsMentioned(in file: URL) -> [String] {
        guard let document = try? AuthDocument(data: LockedFile.contents(of: file), path: file.path) else { return [] }
        return ["auths", "credHelpers"].flatMap { document.root[$0]?.objectValue.map { Array($0.keys) } ?? [] }
    }

    /// Sends clients to regctl's credential helper for `host`; any plain `auths` entry goes.
    /// Returns whether a file changed.
    @discardableResult
    public func useHelper(for host: RegistryHost) throws(AuthFileError) -> Bool {
        try editAll { $0.useHelper(Self.helperSuffix, for: host.description) }
    }

    /// Writes `credential` in plain base64 into `auths[HOST]` (the `--store file` mode).
    /// Returns whether a file changed.
    @discardableResult
    public func storePlain(_ credential: Credential, for host: RegistryHost) throws(AuthFileError) -> Bool {
        let encoded = Data("\(credential.username):\(credential.secret)".utf8).base64EncodedString()
        return try editAll { $0.setAuth(encoded, for: host.description) }
    }

    /// Removes regctl's entries for `host` from both files; returns whether there were any.
    @discardableResult
    public func forget(_ host: RegistryHost) throws(AuthFileError) -> Bool {
        try editAll { $0.forget(host.description) }
    }

    /// Applies `change` to both files; returns whether any file changed.
    @discardableResult
    private func editAll(_ change: (inout AuthDocument) -> Void) throws(AuthFileError) -> Bool {
        try check()
        var changed = false
        for file in try locations.all() {
            try LockedFile.update(file) { current throws(AuthFileError) in
                var document = try AuthDocument(data: current, path: file.path)
                let before = document.root
                change(&document)
                if document.root == before { return nil }
                changed = true
                return document.data
            }
        }
        return changed
    }
}
