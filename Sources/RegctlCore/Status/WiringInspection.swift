import FoundationEssentials
import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Where podman, skopeo and docker are sent for a registry's credential, and what stands in
/// the way of regctl's entries: a plain `auths` entry or another helper in a file read
/// first, docker's `credsStore`, a missing or foreign `docker-credential-regctl` on PATH.
struct WiringInspection: Sendable {
    let environment: RegctlEnvironment
    let authFiles: AuthFiles

    struct Outcome {
        let status: WiringStatus
        let containers: CredentialLookup
        let problems: [StatusProblem]
    }

    func inspect(_ host: RegistryHost, entry: RegctlConfig.Registry?) async -> Outcome {
        let containers: CredentialLookup, docker: CredentialLookup
        do {
            containers = try authFiles.lookup(host, for: .containers)
            docker = try authFiles.lookup(host, for: .docker)
        } catch {
            let status = WiringStatus(containers: .init(kind: .none, file: nil, helper: nil), docker: .init(kind: .none, file: nil, helper: nil), helperPath: nil)
            return Outcome(status: status, containers: .nothing, problems: [
                .init(area: .wiring, severity: .failing, message: error.message, fix: error.advice),
            ])
        }
        let helperPath = environment.executable(named: "docker-credential-\(AuthFiles.helperSuffix)")
        let status = WiringStatus(containers: Self.entry(containers), docker: Self.entry(docker), helperPath: helperPath)
        guard let entry else { return Outcome(status: status, containers: containers, problems: []) }

        var problems: [StatusProblem] = []
        let expected: WiringStatus.Entry.Kind = entry.store == .secretService ? .regctl : .plain
        let login = "regctl login \(host)" + (entry.store == .file ? " --store file" : "")
        for (client, found) in [(CredentialClient.containers, containers), (.docker, docker)] {
            let clients = client.name
            let kind = Self.entry(found).kind
            guard kind != expected else { continue }
            let file = found.file?.path ?? ""
            let message = switch kind {
            case .none: "no auth file sends \(clients) to regctl's credential for \(host)"
            case .plain: "\(file) holds a plain credential for \(host) (as `podman login` writes it), which \(clients) send instead of regctl's; it is not renewed"
            case .otherHelper: "\(file) sends \(clients) to docker-credential-\(Self.entry(found).helper ?? "") for \(host) (\(found.entry ?? "credHelpers"))"
            case .regctl: "\(file) sends \(clients) to regctl's helper, but this login keeps its secret in the auth files"
            }
            let fix = kind == .plain ? Self.removal(of: found, host, authFiles, then: login) : login
            // A plain entry works while its secret does (the credential check asks the
            // registry), but regctl can no longer renew it, and it lies on disk.
            problems.append(.init(area: .wiring, severity: kind == .plain && entry.store == .secretService ? .warning : .failing, message: message, fix: fix))
        }
        if entry.store == .secretService {
            problems += await helperProblems(helperPath)
        }
        return Outcome(status: status, containers: containers, problems: problems)
    }

    /// What removes a plain entry and puts regctl's back: `regctl login` rewrites the files
    /// it wires; from any other file, `podman logout --authfile` removes it first.
    static func removal(of found: CredentialLookup, _ host: RegistryHost, _ authFiles: AuthFiles, then login: String) -> String {
        guard let file = found.file, !authFiles.isWired(file) else { return login }
        return "podman logout --authfile \(file.path) \(host); then \(login)"
    }

    static func entry(_ found: CredentialLookup) -> WiringStatus.Entry {
        switch found.answer {
        case .helper(AuthFiles.helperSuffix): .init(kind: .regctl, file: found.file?.path, helper: nil)
        case .helper(let name): .init(kind: .otherHelper, file: found.file?.path, helper: name)
        case .plain: .init(kind: .plain, file: found.file?.path, helper: nil)
        case .none: .init(kind: .none, file: nil, helper: nil)
        }
    }

    /// The helper the clients will run must be there, and be this regctl.
    private func helperProblems(_ path: String?) async -> [StatusProblem] {
        guard let path else {
            return [.init(
                area: .wiring, severity: .failing,
                message: "docker-credential-regctl is not on PATH, so podman, skopeo and docker cannot get the credential",
                fix: "make install, or: ln -s \"$(command -v regctl)\" ~/.local/bin/docker-credential-regctl"
            )]
        }
        let own = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let found = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        let ownURL = URL(fileURLWithPath: own).resolvingSymlinksInPath()
        if found == ownURL || found.deletingLastPathComponent() == ownURL.deletingLastPathComponent() { return [] }
        let version = try? await Subprocess.run(.path(FilePath(path)), arguments: ["version"], output: .string(limit: 4096), error: .discarded)
        let text = version?.standardOutput.trimmed ?? "no answer"
        guard text != "docker-credential-regctl (regctl) \(RegctlVersion.current)" else { return [] }
        return [.init(
            area: .wiring, severity: .warning,
            message: "PATH finds \(path) (\(text)), not this regctl \(RegctlVersion.current) (\(own))",
            fix: "ln -sf \(own) \(path)"
        )]
    }
}
