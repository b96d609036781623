/// Why an auth file (auth.json, config.json) or regctl's own config could not be edited.
public enum AuthFileError: RegctlError, Equatable {
    case runtimeDirectoryMissing(String)
    case malformed(path: String, detail: String)
    case wrongShape(path: String, detail: String)
    case ioFailed(path: String, reason: String)
    case unreadable(path: String, reason: String)

    public var message: String {
        switch self {
        case .runtimeDirectoryMissing(let path): "XDG_RUNTIME_DIR is set to \(path), which does not exist"
        case .malformed(let path, let detail): "\(path) is not valid JSON (\(detail)); it was left as it is"
        case .wrongShape(let path, let detail): "\(path) does not have the expected shape: \(detail); it was left as it is"
        case .ioFailed(let path, let reason): "cannot update \(path): \(reason)"
        case .unreadable(let path, let reason): "cannot read \(path): \(reason); it was left as it is"
        }
    }

    public var fix: Fix? {
        switch self {
        case .runtimeDirectoryMissing: .act("Log in again so your session creates it, unset XDG_RUNTIME_DIR, or set REGISTRY_AUTH_FILE.")
        case .malformed(let path, _), .wrongShape(let path, _), .unreadable(let path, _): .act("Fix or move \(path) aside, then run the command again.")
        case .ioFailed: nil
        }
    }

    public var status: ExitStatus {
        switch self {
        case .ioFailed: .failed
        default: .usage
        }
    }
}
