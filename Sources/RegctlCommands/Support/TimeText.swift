import FoundationEssentials

/// Dates as a person reads them: exact, and how far away.
enum TimeText {
    /// "2026-11-27T10:52:07Z (in 23 h)".
    static func dateAndDistance(_ date: Date, now: Date = Date()) -> String {
        "\(date.formatted(.iso8601)) (\(relative(date, now: now)))"
    }

    /// "in 23 h", "in 40 min", "in 3 days", or "expired".
    static func relative(_ date: Date, now: Date = Date()) -> String {
        let seconds = date.timeIntervalSince(now)
        guard seconds > 0 else { return "expired" }
        let minutes = Int(seconds / 60)
        if minutes < 60 { return "in \(max(minutes, 1)) min" }
        if minutes < 48 * 60 { return "in \(minutes / 60) h" }
        return "in \(minutes / 1440) days"
    }
}
