import FoundationEssentials
import RegctlCore

/// The text of `regctl status`: the answer, a table with a row per registry, then each
/// problem with its fix.
enum StatusTable {
    static func text(_ report: StatusReport, style: TerminalStyle) -> String {
        let registries = report.registries
        guard !registries.isEmpty else { return "regctl manages no registry yet; run `regctl setup` after `oc login`." }
        let failing = registries.filter { $0.health == .failing }.count
        var lines = [headline(registries.count, failing: failing, warnings: registries.filter { $0.health == .warning }.count, offline: report.offline)]
        let header = ["REGISTRY", "TRUST", "CREDENTIAL", "WIRING"].map { StatusCell(title: $0, verdict: .ok) }
        let rows = registries.map { [StatusCell(title: $0.host.description, verdict: .ok), $0.trustCell, credential($0), $0.wiringCell] }
        let widths = (0..<4).map { column in ([header] + rows).map { $0[column].title.count }.max()! }
        for (index, row) in ([header] + rows).enumerated() {
            let cells = row.enumerated().map { column, cell in
                let padded = column == 3 ? cell.title : cell.title.padded(to: widths[column] + 2)
                return index > 0 && column > 0 ? style.health(padded, cell.verdict) : padded
            }
            lines.append(cells.joined().trimmed)
        }
        if let summary = report.clients {
            lines.append("")
            lines += clients(summary)
        }
        if registries.contains(where: { $0.proxy != nil }) {
            lines.append("")
            for registry in registries {
                lines.append("\(registry.host): " + (registry.proxy.map { "through the proxy \(UntrustedText.escaped($0))" } ?? "direct"))
            }
        }
        for registry in registries where !registry.problems.isEmpty {
            lines.append("")
            for problem in registry.problems {
                let mark = style.health(problem.severity == .failing ? "✗" : "!", problem.severity)
                lines.append("\(mark) \(registry.host): \(UntrustedText.escaped(problem.message))")
                if let fix = problem.fix { lines.append("  fix: \(UntrustedText.escaped(fix.text))") }
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func headline(_ count: Int, failing: Int, warnings: Int, offline: Bool) -> String {
        let checked = offline ? " (offline: local files only)" : ""
        if failing > 0 {
            return (count == 1 ? "A pull would fail." : "\(failing) of \(count) registries would fail a pull.") + checked
        }
        let works = count == 1 ? "The registry works" : "All \(count) registries work"
        return works + (warnings > 0 ? ", with \(warnings == 1 ? "a warning" : "warnings")" : "") + "." + checked
    }

    /// The clients' standing in one line, and `oc -a FILE`, which status cannot see.
    private static func clients(_ summary: ClientsSummary) -> [String] {
        let parts = [(summary.ok, "ok"), (summary.notOK, "not (see below)"), (summary.notInstalled, "not installed")]
            .filter { !$0.0.isEmpty }
            .map { "\($0.0.map(\.name).joinedAsList) \($0.1)" }
        var lines = ["Clients: " + parts.joined(separator: "; ") + "."]
        if !summary.notInstalled.contains(.oc) {
            lines.append("oc with -a FILE reads FILE alone; check it with: REGISTRY_AUTH_FILE=FILE regctl status")
        }
        return lines
    }

    /// The credential's cell, with when its token expires.
    private static func credential(_ registry: RegistryStatus) -> StatusCell {
        let cell = registry.credentialCell
        guard registry.credential.source != .none, let expiry = registry.credential.tokenExpiry else { return cell }
        return StatusCell(title: "\(cell.title), expires \(TimeText.relative(expiry))", verdict: cell.verdict)
    }
}
