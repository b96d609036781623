import FoundationEssentials

/// The files that tell the clients where a registry's credential is, edited together:
/// containers `auth.json`, docker's `config.json`, and helm's `registry/config.json` when
/// helm is in use (``AuthFileLocations/all()``).
public struct AuthFiles: Sendable {
    /// What `credHelpers[HOST]` names: `docker-credential-regctl`.
    public static let helperSuffix = "regctl"

    let locations: AuthFileLocations

    public init(locations: AuthFileLocations) {
        self.locations = locations
    }

    /// Checks that the files parse and have the right shape, and that this process may
    /// write them (``RootWriteGuard``), changing nothing.
    public func check() throws(AuthFileError) {
        for file in try locations.all() {
            _ = try AuthDocument(data: LockedFile.contents(of: file), path: file.path)
            try LockedFile.guardRootWrite(file)
        }
    }

    /// The files `client` reads, in its order, parsed; a missing file reads as empty.
    func documents(for client: CredentialClient) throws(AuthFileError) -> [(file: URL, document: AuthDocument)] {
        let files = try locations.readOrder(for: client)
        var documents: [(file: URL, document: AuthDocument)] = []
        for file in files {
            documents.append((file, try AuthDocument(data: LockedFile.contents(of: file), path: file.path)))
        }
        return documents
    }

    /// What `client` finds for `host` in its files (see ``CredentialLookup/find(_:client:in:)``).
    public func lookup(_ host: RegistryHost, for client: CredentialClient) throws(AuthFileError) -> CredentialLookup {
        CredentialLookup.find(host.description, client: client, in: try documents(for: client))
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

    /// Removes regctl's entries for `host` from the files; returns whether there were any.
    @discardableResult
    public func forget(_ host: RegistryHost) throws(AuthFileError) -> Bool {
        try editAll { $0.forget(host.description) }
    }

    /// Applies `change` to every file; returns whether any file changed.
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
