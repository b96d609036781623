import FoundationEssentials

/// `regctl logout`: takes away every credential podman, skopeo and docker would send for a
/// registry from the files and the store regctl wires — regctl's own entries, the plain
/// entries `podman login` and `docker login` write, and the keyring item (which docker's
/// secretservice helper shares) — and forgets regctl's record of the login.
///
/// Every file is checked before the first change, and the keyring is cleared before the
/// files change, so a failure leaves the files as they were.
public struct CredentialRemoval: Sendable {
    let keyring: any CredentialStore
    let environment: RegctlEnvironment
    let log = StepLog.logger("logout")

    public init(environment: RegctlEnvironment, keyring: any CredentialStore) {
        self.environment = environment
        self.keyring = keyring
    }

    /// What one logout took away, and what it could not.
    public struct Report: Codable, Sendable, Equatable {
        /// One place a credential was taken from: a file (its entries), or the keyring.
        public struct Removal: Codable, Sendable, Equatable {
            /// The file's path, or `keyring`.
            public let place: String
            /// `credHelpers[HOST]`, `auths[KEY]`, or `item` for the keyring.
            public let entries: [String]
        }

        /// Another credential helper that clients still ask, whose store regctl does not touch.
        public struct Remaining: Codable, Sendable, Equatable {
            public let helper: String
            public let file: String
            public let entry: String
        }

        public let host: RegistryHost
        public let removed: [Removal]
        public let remaining: [Remaining]
        /// Whether regctl had a record of the login.
        public let wasManaged: Bool

        /// Whether there was anything to log out of.
        public var hadCredential: Bool { wasManaged || !removed.isEmpty }
    }

    /// Logs out of `host`; the keyring and file work runs on a thread of its own.
    public func remove(_ host: RegistryHost) async throws -> Report {
        try await onOwnThread { [self] in try removeNow(host) }.value
    }

    /// Logs out of every registry regctl manages.
    public func removeAll() async throws -> [Report] {
        try await onOwnThread { [self] in
            try RegctlConfigFile(environment: environment).load().registries.keys.compactMap { try? RegistryHost($0) }.sorted().map(removeNow)
        }.value
    }

    private func removeNow(_ host: RegistryHost) throws -> Report {
        let locations = AuthFileLocations(environment: environment)
        // Only files with an entry for HOST are edited; each is checked before the first change.
        var files: [URL] = []
        for file in try locations.everyClientFile() {
            var document = try AuthDocument(data: LockedFile.contents(of: file), path: file.path)
            if !document.removeEntries(of: host.description).isEmpty { files.append(file) }
        }
        let config = RegctlConfigFile(environment: environment)
        let entry = try config.load().registries[host.description]

        var removed: [Report.Removal] = []
        if try eraseKeyringItem(host, entry: entry) { removed.append(.init(place: "keyring", entries: ["item"])) }
        for file in files {
            var entries: [String] = []
            try LockedFile.update(file) { current throws(AuthFileError) in
                var document = try AuthDocument(data: current, path: file.path)
                entries = document.removeEntries(of: host.description)
                return entries.isEmpty ? nil : document.data
            }
            if !entries.isEmpty { removed.append(.init(place: file.path, entries: entries)) }
        }
        try config.update { $0.registries[host.description] = nil }
        for removal in removed { log.debug("removed \(removal.entries.joined(separator: ", ")) from \(removal.place)") }
        return Report(host: host, removed: removed, remaining: try remainingHelpers(host, locations), wasManaged: entry != nil)
    }

    /// Erases the keyring's item for `host`; returns whether there was one. A keyring that
    /// cannot be reached is an error for a login that keeps its secret there alone, and a
    /// keyring that is there but does not answer in time is an error for any login: a bound
    /// login keeps a copy there whenever the keyring answered its login.
    private func eraseKeyringItem(_ host: RegistryHost, entry: RegctlConfig.Registry?) throws -> Bool {
        do {
            // Erased whatever the read said: an item stored meanwhile goes too.
            let held = try keyring.get(server: host.description) != nil
            try keyring.erase(server: host.description)
            return held
        } catch {
            let keptThere = entry?.store == .secretService && entry?.binding == nil
            guard keptThere || error.status != .storeUnavailable || error == .storeUnavailable(SecretServiceStore.noAnswer) else {
                log.debug("the keyring cannot be reached (\(error.message)); nothing of \(host) is kept there by regctl")
                return false
            }
            throw error
        }
    }

    /// The helpers other than regctl's and the keyring's that the clients still ask for `host`.
    private func remainingHelpers(_ host: RegistryHost, _ locations: AuthFileLocations) throws -> [Report.Remaining] {
        let authFiles = AuthFiles(locations: locations)
        let keyringHelpers: Set<String> = [AuthFiles.helperSuffix, SecretServiceStore.helperSuffix]
        var remaining: [Report.Remaining] = []
        for client in CredentialClient.allCases {
            let lookup = try authFiles.lookup(host, for: client)
            guard case .helper(let name) = lookup.answer, !keyringHelpers.contains(name), let file = lookup.file else { continue }
            let found = Report.Remaining(helper: name, file: file.path, entry: lookup.entry ?? "")
            if !remaining.contains(found) { remaining.append(found) }
        }
        return remaining
    }
}
