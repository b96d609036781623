import RegctlCore

/// A report with a fix, as `--json` prints it: the report's own keys, then `fix` (the fix's
/// text, as the text output prints it) and `commands` (its command lines in order, empty when
/// it is done by hand); both absent without a fix, as in `status --json`.
struct FixJSON<Report: Encodable>: Encodable {
    let report: Report
    let fix: Fix?

    func encode(to encoder: any Encoder) throws {
        try report.encode(to: encoder)
        try fix?.encode(beside: encoder)
    }
}
