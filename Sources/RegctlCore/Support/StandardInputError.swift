/// Why standard input gave no token, password or helper request: more than such a
/// payload can be (a command piped in by mistake, `/dev/zero`), or a read that failed.
public enum StandardInputError: RegctlError, Equatable {
    /// Standard input held more than `limit` bytes; what follows was not read.
    case tooLarge(limit: Int)
    /// Reading failed, with the system's words.
    case unreadable(String)

    public var message: String {
        switch self {
        case .tooLarge(let limit):
            "standard input holds more than \(ByteSize.text(limit)); a token or password is a few KiB — pipe in only the secret"
        case .unreadable(let reason): "cannot read standard input: \(reason)"
        }
    }

    public var status: ExitStatus { .usage }
}
