import RegctlCore
import Synchronization

/// A ``CredentialStore`` in memory, for unit tests and fuzz targets that need a keyring but
/// no desktop session: `get` and `list` answer what `store` received. Set ``failure`` and
/// every call fails as an unreachable, locked or refusing keyring does.
public final class MemoryCredentialStore: CredentialStore {
    private struct State {
        var items: [String: Credential]
        var failure: CredentialError?
    }

    private let state: Mutex<State>

    /// A store that holds `credentials`, one per server.
    public init(_ credentials: [Credential] = []) {
        state = Mutex(State(items: Dictionary(credentials.map { ($0.server, $0) }) { _, last in last }, failure: nil))
    }

    /// What every call throws from now on; nil: the store answers.
    public var failure: CredentialError? {
        get { state.withLock { $0.failure } }
        set { state.withLock { $0.failure = newValue } }
    }

    /// What the store holds, by server name, read without going through ``failure``.
    public var credentials: [Credential] {
        state.withLock { $0.items.values.sorted { $0.server < $1.server } }
    }

    public func get(server: String) throws(CredentialError) -> Credential? {
        try answer { $0.items[server] }
    }

    public func store(_ credential: Credential) throws(CredentialError) {
        try answer { $0.items[credential.server] = credential }
    }

    public func erase(server: String) throws(CredentialError) {
        try answer { $0.items[server] = nil }
    }

    public func list() throws(CredentialError) -> [String: String] {
        try answer { $0.items.mapValues(\.username) }
    }

    private func answer<T>(_ body: (inout State) -> T) throws(CredentialError) -> T {
        let result: Result<T, CredentialError> = state.withLock { state in
            if let failure = state.failure { return .failure(failure) }
            return .success(body(&state))
        }
        return try result.get()
    }
}
