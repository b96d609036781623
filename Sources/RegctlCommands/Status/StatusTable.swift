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
        let rows = [["REGISTRY", "TRUST", "CREDENTIAL", "WIRING"]] + registries.map { [$0.host.description, trust($0), credential($0), wiring($0)] }
        let widths = (0..<4).map { column in rows.map { $0[column].count }.max()! }
        for (index, row) in rows.enumerated() {
            let cells = row.enumerated().map { column, cell in
                let padded = column == 3 ? cell : cell.padded(to: widths[column] + 2)
                guard index > 0, column > 0 else { return padded }
                return style.health(padded, cell == "ok" || cell.hasPrefix("accepted") ? .ok : registries[index - 1].health)
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
                if let fix = problem.fix { lines.append("  fix: \(UntrustedText.escaped(fix))") }
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

    private static func trust(_ registry: RegistryStatus) -> String {
        let problem = registry.problems.first { $0.area == .trust || $0.area == .network }
        if problem?.area == .network { return "unreachable" }
        if problem?.severity == .failing, let check = registry.trust.first(where: { ![.ok, .unchecked].contains($0.result) }) {
            return check.result.rawValue.replacing("-", with: " ").replacing("ca", with: "CA")
        }
        if problem != nil { return "CA expiring" }
        return registry.trust.first?.result == .unchecked ? "unchecked" : "ok"
    }

    private static func credential(_ registry: RegistryStatus) -> String {
        let credential = registry.credential
        guard credential.source != .none else { return "none" }
        var text = credential.registry.rawValue
        if let expiry = credential.tokenExpiry { text += ", expires \(TimeText.relative(expiry))" }
        return text
    }

    private static func wiring(_ registry: RegistryStatus) -> String {
        guard registry.managed else { return "not managed" }
        let worst = registry.problems.filter { $0.area == .wiring }.map(\.severity).max()
        return switch worst {
        case .failing?: "problem"
        case .warning?: "warning"
        default: "ok"
        }
    }
}
