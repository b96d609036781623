import FoundationEssentials
import Logging
import Synchronization

/// The `-v` log: one line per step on standard error, with the milliseconds since logging
/// was turned on, every line passed through ``Redactor``.
public enum StepLog {
    /// A logger for `component`; it prints only when ``enable(verbose:)`` turned logging on.
    public static func logger(_ component: String) -> Logger {
        Logger(label: component) { StderrLogHandler(component: $0) }
    }

    /// Sets how much the step log prints: every step with `verbose`, warnings only without.
    public static func enable(verbose: Bool) {
        level.withLock { $0 = verbose ? .debug : .warning }
        _ = start
    }

    fileprivate static let level = Mutex<Logger.Level>(.warning)
    fileprivate static let start = ContinuousClock.now
}

struct StderrLogHandler: LogHandler {
    let component: String
    var metadata: Logger.Metadata = [:]

    var logLevel: Logger.Level {
        get { StepLog.level.withLock { $0 } }
        set { StepLog.level.withLock { $0 = newValue } }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let elapsed = (ContinuousClock.now - StepLog.start).components
        let milliseconds = elapsed.seconds * 1000 + elapsed.attoseconds / 1_000_000_000_000_000
        var line = "regctl: [\(component)] +\(milliseconds)ms \(event.message)"
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        if !merged.isEmpty {
            line += " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
        StandardStreams.write(UntrustedText.escaped(Redactor.shared.redact(line), keepingLines: true) + "\n", to: 2)
    }
}
