import CLibSecret
import Dispatch
import FoundationEssentials
import Synchronization

/// The connection to the Secret Service: the D-Bus connection and an open session, which
/// take about 10 ms to set up. ``openAhead(timeout:)`` starts that on a thread of its own,
/// so a command can overlap it with network work; the next ``open(timeout:)`` takes the
/// result. Opening asks nothing of the user and reads or writes no item.
///
/// The time limit that tells a missing service from a present one counts from when the
/// connection is needed, not from when the opening started: a keyring busy with other
/// clients (64 logins at once) may take longer than the limit to answer, and the network
/// work meanwhile should not use up the command's patience.
enum SecretServiceConnection {
    /// Starts opening the connection on a thread of its own, unless an opening is pending;
    /// the opening may take up to `timeout` in the background.
    static func openAhead(timeout: Duration) {
        let opening = Opening()
        guard ahead.withLock({ pending in
            guard pending == nil else { return false }
            pending = opening
            return true
        }) else { return }
        detachThread {
            opening.finish(Result { () throws(CredentialError) in ServiceReference(pointer: try connect(timeout: timeout)) })
        }
    }

    /// A new reference to the service with an open session: the one opened ahead, if any
    /// (waiting for it up to `timeout`, and reporting its failure), else one opened now.
    static func open(timeout: Duration) throws(CredentialError) -> UnsafeMutablePointer<SecretService>? {
        if let opening = ahead.withLock({ pending in defer { pending = nil }; return pending }) {
            guard let result = opening.result(waitingAtMost: timeout) else {
                throw SecretServiceStore.unavailable(.storeFailed("no answer"), timedOut: true)
            }
            return try result.get().pointer
        }
        return try connect(timeout: timeout)
    }

    private static let ahead = Mutex<Opening?>(nil)

    private static func connect(timeout: Duration) throws(CredentialError) -> UnsafeMutablePointer<SecretService>? {
        let lib = try LibSecret.load()
        let cancellable = lib.g_cancellable_new()
        defer { lib.g_object_unref(cancellable) }
        let deadline = CancellationTimer(lib, cancellable: cancellable, after: timeout)
        defer { deadline.disarm() }
        var error: UnsafeMutablePointer<GError>?
        let service = lib.secret_service_get_sync(SECRET_SERVICE_OPEN_SESSION, cancellable, &error)
        do {
            try lib.check(error)
        } catch {
            throw SecretServiceStore.unavailable(error, timedOut: deadline.fired)
        }
        return service
    }

    /// The service pointer, handed from the opening thread to its one user.
    private struct ServiceReference: @unchecked Sendable {
        let pointer: UnsafeMutablePointer<SecretService>?
    }

    /// A connection being opened ahead; ``result`` waits until it is done.
    private final class Opening: Sendable {
        private let done = DispatchSemaphore(value: 0)
        private let outcome = Mutex<Result<ServiceReference, CredentialError>?>(nil)

        func finish(_ result: Result<ServiceReference, CredentialError>) {
            outcome.withLock { $0 = result }
            done.signal()
        }

        /// The outcome, once there; nil when it is not there within `timeout`.
        func result(waitingAtMost timeout: Duration) -> Result<ServiceReference, CredentialError>? {
            let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
            guard done.wait(timeout: .now() + seconds) == .success else { return nil }
            done.signal()
            return outcome.withLock { $0! }
        }
    }
}

/// Cancels a GCancellable when its time is up, unless disarmed first.
final class CancellationTimer: @unchecked Sendable {
    private struct State: @unchecked Sendable {  // the pointer is only touched under the mutex
        var cancellable: UnsafeMutablePointer<GCancellable>?
        var fired = false
    }

    private let state: Mutex<State>
    private let lib: RegctlLibSecret

    var fired: Bool { state.withLock { $0.fired } }

    init(_ lib: RegctlLibSecret, cancellable target: UnsafeMutablePointer<GCancellable>?, after timeout: Duration) {
        self.lib = lib
        _ = lib.g_object_ref(target)
        state = Mutex(State(cancellable: target))
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
            state.withLock { state in
                guard let cancellable = state.cancellable else { return }
                state.fired = true
                lib.g_cancellable_cancel(cancellable)
            }
        }
    }

    func disarm() {
        state.withLock { state in
            guard let cancellable = state.cancellable else { return }
            lib.g_object_unref(cancellable)
            state.cancellable = nil
        }
    }
}
