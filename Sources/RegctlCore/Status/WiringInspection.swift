import FoundationEssentials

/// Where each client (podman, skopeo, docker, helm, oras, cosign, crane, oc) is sent for a
/// registry's credential, and what stands in the way of regctl's entries: a plain `auths`
/// entry or another helper in a file read first, docker's `credsStore`, `REGISTRY_AUTH_FILE`
/// naming a file regctl did not wire (oc reads it alone), a missing or foreign
/// `docker-credential-regctl` on PATH. Only installed clients can have problems; clients
/// that find the same entry share one.
struct WiringInspection: Sendable {
    let environment: RegctlEnvironment
    let authFiles: AuthFiles
    let programs: ClientPrograms

    struct Outcome {
        let status: WiringStatus
        let containers: CredentialLookup
        let problems: [StatusProblem]
    }

    func inspect(_ host: RegistryHost, entry: RegctlConfig.Registry?) -> Outcome {
        var lookups: [(client: CredentialClient, found: CredentialLookup)] = []
        do {
            for client in CredentialClient.allCases { lookups.append((client, try authFiles.lookup(host, for: client))) }
        } catch {
            let nothing = WiringStatus.Entry(kind: .none, file: nil, helper: nil)
            let status = WiringStatus(containers: nothing, docker: nothing, clients: [], helperPath: nil)
            return Outcome(status: status, containers: .nothing, problems: [
                .init(area: .wiring, severity: .failing, message: error.message, fix: error.fix),
            ])
        }
        let installed = programs.installed
        var problems: [StatusProblem] = []
        var health: [CredentialClient: Health] = [:]
        if let entry {
            let expected: WiringStatus.Entry.Kind = entry.store == .secretService ? .regctl : .plain
            var groups: [(found: CredentialLookup, clients: [CredentialClient])] = []
            for (client, found) in lookups where installed.contains(client) {
                health[client] = .ok
                guard Self.entry(found).kind != expected else { continue }
                if let index = groups.firstIndex(where: { $0.found == found }) { groups[index].clients.append(client) } else { groups.append((found, [client])) }
            }
            for group in groups {
                let problem = problem(group.found, clients: group.clients, host: host, entry: entry)
                problems.append(problem)
                for client in group.clients { health[client] = problem.severity }
            }
            if entry.store == .secretService, let helperProblem = programs.helperProblem {
                problems.append(helperProblem)
                for (client, found) in lookups where found.asksRegctl && installed.contains(client) {
                    health[client] = max(health[client] ?? .ok, helperProblem.severity)
                }
            }
        }
        let clients = lookups.map { client, found in
            WiringStatus.Client(client: client, installed: installed.contains(client), found: Self.entry(found), health: health[client])
        }
        let containers = lookups.first { $0.client == .containers }?.found ?? .nothing
        let docker = lookups.first { $0.client == .docker }?.found ?? .nothing
        let status = WiringStatus(containers: Self.entry(containers), docker: Self.entry(docker), clients: clients, helperPath: programs.helperPath)
        return Outcome(status: status, containers: containers, problems: problems)
    }

    /// Why `clients`, which all find `found`, do not get regctl's login, and what fixes it.
    private func problem(_ found: CredentialLookup, clients: [CredentialClient], host: RegistryHost, entry: RegctlConfig.Registry) -> StatusProblem {
        let names = clients.map(\.name).joinedAsList
        let file = found.file?.path ?? ""
        let kind = Self.entry(found).kind
        // REGISTRY_AUTH_FILE makes oc read that file alone; a login wires it only when run
        // with the same variable.
        let aloneFile = environment.variables["REGISTRY_AUTH_FILE"].flatMap { $0.isEmpty ? nil : $0 }
            .map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }
            .flatMap { alone in clients == [.oc] && (kind == .none || file == alone) ? alone : nil }
        let login = Fixes(environment: environment).rewiring(host, entry: entry, authFile: aloneFile)
        let message = switch kind {
        case .none where aloneFile != nil: "REGISTRY_AUTH_FILE names \(aloneFile ?? ""), the only file oc reads (as with -a FILE), and it has no entry for \(host) that sends oc to regctl"
        case .none: "no auth file sends \(names) to regctl's credential for \(host)"
        case .plain: "\(file) holds a plain credential for \(host), sent by \(names) instead of regctl's; it is not renewed"
        case .otherHelper: "\(file) sends \(names) to docker-credential-\(Self.entry(found).helper ?? "") for \(host) (\(found.entry ?? "credHelpers")), not to regctl"
        case .regctl: "\(file) sends \(names) to regctl's helper, but this login keeps its secret in the auth files"
        }
        let fix = kind == .plain ? Fixes.removingPlain(found, host, authFiles, then: login) : login
        // A plain entry works while its secret does (the credential check asks the
        // registry), but regctl can no longer renew it, and it lies on disk.
        return .init(area: .wiring, severity: kind == .plain && entry.store == .secretService ? .warning : .failing, message: message, fix: fix)
    }

    static func entry(_ found: CredentialLookup) -> WiringStatus.Entry {
        switch found.answer {
        case .helper(AuthFiles.helperSuffix): .init(kind: .regctl, file: found.file?.path, helper: nil)
        case .helper(let name): .init(kind: .otherHelper, file: found.file?.path, helper: name)
        case .plain: .init(kind: .plain, file: found.file?.path, helper: nil)
        case .none: .init(kind: .none, file: nil, helper: nil)
        }
    }
}
