import Glibc

/// Starts blocking `work` (a libsecret call, say) on a thread of its own, so that async
/// work goes on meanwhile without tying up a thread of Swift's small cooperative pool.
/// The task's value waits for the work to finish.
func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) -> Task<T, any Error> {
    Task {
        try await withCheckedThrowingContinuation { continuation in
            detachThread { continuation.resume(with: Result { try work() }) }
        }
    }
}

/// Runs `body` on a new detached POSIX thread.
func detachThread(_ body: @escaping @Sendable () -> Void) {
    let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
    var thread = pthread_t()
    let status = pthread_create(&thread, nil, { context in
        Unmanaged<ThreadBody>.fromOpaque(context!).takeRetainedValue().run()
        return nil
    }, context)
    precondition(status == 0, "cannot start a thread: \(SystemErrorText.text(status))")
    pthread_detach(thread)
}

private final class ThreadBody: Sendable {
    let run: @Sendable () -> Void
    init(_ run: @escaping @Sendable () -> Void) { self.run = run }
}
