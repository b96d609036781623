/// regctl's exit codes; once `push` or `pull` has handed over, the engine's own code is the command's.
public enum ExitStatus: Int32, Sendable {
    /// The command did what it was asked.
    case success = 0
    /// The operation failed: network, registry refused, verification failed.
    case failed = 1
    /// Usage error or invalid input.
    case usage = 2
    /// The step needs root and regctl could not get it.
    case needsPrivileges = 3
    /// The credential store (Secret Service) is not available.
    case storeUnavailable = 4
}
