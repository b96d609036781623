import Dispatch
import FoundationEssentials
import Synchronization

/// A bound login's token, renewed from its kubeconfig context, stored as a login stores it:
/// the keyring's copy, and regctl's record of which token that is with its expiry — what the
/// token says of itself (an exec plugin's status, a JWT's `exp`), else what its cluster says
/// (``TokenExpiry/of(_:)``). So after a renewal, by the helper's `get` or by the pre-flight,
/// `push` and `pull` decide from local facts as they do after a fresh login.
struct TokenRenewal: Sendable {
    let source: LoginSource
    let keyring: any CredentialStore

    /// How long the helper's `get` waits for a cluster to say when a renewed token expires: a
    /// client waits for the helper meanwhile. A token whose expiry stays unknown costs the next
    /// `push` or `pull` one check.
    static let patience: Duration = .seconds(2)

    /// Starts asking when `token` expires, as soon as it is known, so that the answer comes
    /// while other work goes on.
    static func expiry(of token: OpenShiftToken) -> Task<Date?, Never> {
        Task { await TokenExpiry.of(token) }
    }

    /// Stores `current` for `server` and records it with the expiry `expiry` gives within
    /// `patience`. Without a keyring the source alone serves; the record still says which token
    /// was renewed. Blocks: for the helper's main thread, or a thread of its own.
    func save(_ current: LoginSource.Current, for server: String, expiry: Task<Date?, Never>, patience: Duration = Self.patience) {
        try? keyring.store(current.credential)
        let known = expiry.value(waitingAtMost: patience) ?? nil
        _ = try? source.config.update { config in
            config.registries[server]?.token = TokenRecord(id: (try? TokenNames(config: source.config).makeName(of: current.token.token)) ?? "", expiry: known)
        }
    }
}

extension Task where Failure == Never, Success: Sendable {
    /// The task's value, waited for on this thread — never one of the cooperative pool's —
    /// for at most `limit`; nil when it takes longer.
    func value(waitingAtMost limit: Duration) -> Success? {
        let answer = Mutex<Success?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task<Void, Never> {
            let value = await self.value
            answer.withLock { $0 = value }
            done.signal()
        }
        let (seconds, attoseconds) = limit.components
        guard done.wait(timeout: .now() + .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))) == .success else { return nil }
        return answer.withLock { $0 }
    }
}
