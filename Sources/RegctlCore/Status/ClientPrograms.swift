import FoundationEssentials
import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// What PATH holds for the clients, the same for every registry of a `status` run, so found
/// once: which clients are installed, and the `docker-credential-regctl` they would run.
struct ClientPrograms: Sendable {
    let installed: Set<CredentialClient>
    let helperPath: String?
    /// Why that helper cannot serve regctl's logins, if it cannot.
    let helperProblem: StatusProblem?

    static func find(in environment: RegctlEnvironment) async -> ClientPrograms {
        let helperPath = environment.executable(named: "docker-credential-\(AuthFiles.helperSuffix)")
        return ClientPrograms(
            installed: Set(CredentialClient.allCases.filter { $0.programs.contains { environment.executable(named: $0) != nil } }),
            helperPath: helperPath, helperProblem: await helperProblem(helperPath, fixes: Fixes(environment: environment))
        )
    }

    /// The helper the clients will run must be there, and be this regctl.
    private static func helperProblem(_ path: String?, fixes: Fixes) async -> StatusProblem? {
        let own = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        guard let path else {
            return .init(
                area: .wiring, severity: .failing,
                message: "docker-credential-regctl is not on PATH, so no client can get the credential",
                fix: fixes.helperLink(to: own, replacing: nil)
            )
        }
        let found = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        let ownURL = URL(fileURLWithPath: own).resolvingSymlinksInPath()
        if found == ownURL || found.deletingLastPathComponent() == ownURL.deletingLastPathComponent() { return nil }
        let version = try? await Subprocess.run(.path(FilePath(path)), arguments: ["version"], output: .string(limit: 4096), error: .discarded)
        let text = version?.standardOutput.trimmed ?? "no answer"
        guard text != "docker-credential-regctl (regctl) \(RegctlVersion.current)" else { return nil }
        return .init(
            area: .wiring, severity: .warning,
            message: "PATH finds \(path) (\(text)), not this regctl \(RegctlVersion.current) (\(own))",
            fix: fixes.helperLink(to: own, replacing: path)
        )
    }
}
