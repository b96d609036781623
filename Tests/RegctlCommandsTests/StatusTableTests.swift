import Foundation
import RegctlCore
@testable import RegctlCommands
import Testing

/// `regctl status`'s table: each cell's words and colour come from the report's data.
@Suite("status table")
struct StatusTableTests {
    /// A report of one registry, as `status --json` writes it.
    static func report(
        health: Health, trust: TrustResult, problems: [(area: String, severity: Health)] = [],
        credential: (source: String, verdict: String) = ("keyring", "accepted"), managed: Bool = true, fix: String = ""
    ) throws -> StatusReport {
        let problems = problems.map { #"{"area": "\#($0.area)", "severity": "\#($0.severity.rawValue)", "message": "m"\#(fix)}"# }
        let entry = #"{"kind": "regctl"}"#
        let json = """
        {"offline": false, "health": "\(health.rawValue)", "registries": [{
          "host": "registry.example:5000", "managed": \(managed), "health": "\(health.rawValue)",
          "trust": [{"client": "containers", "result": "\(trust.rawValue)", "verified": false}],
          "credential": {"source": "\(credential.source)", "registry": "\(credential.verdict)"},
          "wiring": {"containers": \(entry), "docker": \(entry), "clients": []},
          "problems": [\(problems.joined(separator: ","))]
        }]}
        """
        return try JSONDecoder().decode(StatusReport.self, from: Data(json.utf8))
    }

    /// The registry's row, cell by cell, each coloured one led by its colour code ("31m" red,
    /// "33m" yellow, "32m" green).
    static func row(_ report: StatusReport) -> [String] {
        let line = StatusTable.text(report, style: TerminalStyle(colored: true)).split(separator: "\n")[2]
        return line.replacing("\u{1B}[0m", with: "|").replacing("\u{1B}[", with: "|").split(separator: "|")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    @Test("a failing trust check: its result in words, in red; good news stays green", arguments: [
        (TrustResult.noCA, "no CA"), (.wrongCA, "wrong CA"), (.caExpired, "CA expired"), (.shadowed, "shadowed"), (.invalidHostsFile, "invalid hosts file"),
    ])
    func failingTrust(result: TrustResult, title: String) throws {
        let report = try Self.report(health: .failing, trust: result, problems: [("trust", .failing)])
        #expect(Self.row(report) == ["registry.example:5000", "31m\(title)", "32maccepted", "32mok"])
    }

    @Test("a CA expiring soon is a yellow warning; a rejected credential and a wiring problem are red")
    func otherCells() throws {
        let expiring = try Self.report(health: .warning, trust: .ok, problems: [("trust", .warning)])
        #expect(Self.row(expiring) == ["registry.example:5000", "33mCA expiring", "32maccepted", "32mok"])
        let rejected = try Self.report(health: .failing, trust: .ok, problems: [("credential", .failing), ("wiring", .failing)], credential: ("keyring", "rejected"))
        #expect(Self.row(rejected) == ["registry.example:5000", "32mok", "31mrejected", "31mproblem"])
        let unreachable = try Self.report(health: .failing, trust: .unreachable, problems: [("network", .failing)], credential: ("none", "unchecked"), managed: false)
        #expect(Self.row(unreachable) == ["registry.example:5000", "31munreachable", "31mnone", "31mnot managed"])
    }

    @Test("a problem's fix is printed as its text: command lines joined by &&, to paste into a shell as they stand")
    func fixLine() throws {
        let fix = #", "fix": "podman logout --authfile /a reg && regctl login reg", "commands": ["podman logout --authfile /a reg", "regctl login reg"]"#
        let report = try Self.report(health: .warning, trust: .ok, problems: [("wiring", .warning)], fix: fix)
        #expect(report.registries[0].problems[0].fix == .run("podman logout --authfile /a reg", "regctl login reg"))
        let text = StatusTable.text(report, style: TerminalStyle(colored: false))
        #expect(text.hasSuffix("! registry.example:5000: m\n  fix: podman logout --authfile /a reg && regctl login reg"), "\(text)")
    }
}
