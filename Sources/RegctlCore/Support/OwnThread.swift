import Foundation

/// Starts blocking `work` (a libsecret call, say) on a thread of its own, so that async
/// work goes on meanwhile without tying up a thread of Swift's small cooperative pool.
/// The task's value waits for the work to finish.
func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) -> Task<T, any Error> {
    Task {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
        }
    }
}
