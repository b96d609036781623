import FoundationEssentials

/// How well a registry works: `ok`, `warning` (works, but needs attention soon), or
/// `failing` (a pull would fail).
public enum Health: String, Codable, Sendable, Comparable {
    case ok, warning, failing

    public static func < (a: Health, b: Health) -> Bool {
        let order: [Health] = [.ok, .warning, .failing]
        return order.firstIndex(of: a)! < order.firstIndex(of: b)!
    }
}

/// One thing wrong, and what fixes it. In `status --json` the fix is its text (`fix`) and its
/// command lines (`commands`).
public struct StatusProblem: Sendable, Equatable {
    public enum Area: String, Codable, Sendable { case trust, credential, wiring, network }

    public let area: Area
    public let severity: Health
    public let message: String
    public let fix: Fix?
}

/// What `regctl status` found for one registry. The JSON schema is `docs/status.schema.json`.
public struct RegistryStatus: Codable, Sendable {
    public let host: RegistryHost
    /// Whether regctl logged in to it (it has an entry in regctl's config).
    public let managed: Bool
    /// The worst severity among the problems.
    public let health: Health
    public let trust: [TrustVerificationReport.Check]
    public let credential: CredentialStatus
    public let wiring: WiringStatus
    public let problems: [StatusProblem]
    /// The proxy requests to it go through (`HTTPS_PROXY`, `NO_PROXY`), credentials masked;
    /// nil when they go direct.
    public let proxy: String?
}

/// The credential a client would send, and what the registry says of it.
public struct CredentialStatus: Codable, Sendable {
    public enum Source: String, Codable, Sendable {
        /// The token of the kubeconfig context the login is bound to.
        case kubeconfig
        /// The copy in the desktop keyring.
        case keyring
        /// A plain `auths` entry of an auth file.
        case authFile = "auth-file"
        /// Another credential helper holds it.
        case otherHelper = "other-helper"
        case none
    }

    public enum Verdict: String, Codable, Sendable {
        case accepted, rejected
        /// The registry lets anyone in, so the credential cannot be checked.
        case unverifiable
        /// Not asked: `--offline`, no credential, or the registry could not be reached.
        case unchecked
    }

    public let store: CredentialStoreKind?
    public let username: String?
    /// The kubeconfig context the login follows.
    public let context: String?
    public let source: Source
    public let registry: Verdict
    public let tokenExpiry: Date?
}

/// Where each client is sent for the credential.
public struct WiringStatus: Codable, Sendable {
    /// What one client finds for the host, in the first file that has an entry.
    public struct Entry: Codable, Sendable, Equatable {
        public enum Kind: String, Codable, Sendable {
            /// `credHelpers[HOST]` names regctl.
            case regctl
            /// `credHelpers[HOST]` (or docker's `credsStore`) names another helper.
            case otherHelper = "other-helper"
            /// A plain `auths` entry.
            case plain
            case none
        }

        public let kind: Kind
        /// The file the entry is in.
        public let file: String?
        /// For `other-helper`: its name.
        public let helper: String?
    }

    /// What one client finds.
    public struct Client: Codable, Sendable, Equatable {
        public let client: CredentialClient
        /// Whether PATH finds one of its programs.
        public let installed: Bool
        public let found: Entry
        /// Whether what it finds is regctl's login; absent when it is not installed or
        /// regctl has not logged in to the registry.
        public let health: Health?
    }

    /// podman, skopeo and buildah.
    public let containers: Entry
    public let docker: Entry
    /// Every client regctl knows, in ``CredentialClient`` order.
    public let clients: [Client]
    /// The `docker-credential-regctl` PATH finds, if any.
    public let helperPath: String?
}

/// What `regctl status` found.
public struct StatusReport: Codable, Sendable {
    /// Local files only: what needs the network is `unchecked`.
    public let offline: Bool
    public let health: Health
    public let registries: [RegistryStatus]
}

/// How each client fares across the registries regctl logged in to.
public struct ClientsSummary: Sendable, Equatable {
    /// Installed, and every such registry sends it to regctl's login.
    public let ok: [CredentialClient]
    /// Installed, and some registry does not (its problems say why).
    public let notOK: [CredentialClient]
    public let notInstalled: [CredentialClient]
}

extension StatusReport {
    /// Each client's standing over the registries regctl manages; nil when it manages none
    /// of those checked, or their auth files could not be read.
    public var clients: ClientsSummary? {
        let views = registries.filter(\.managed).flatMap(\.wiring.clients)
        guard !views.isEmpty else { return nil }
        var ok: [CredentialClient] = [], notOK: [CredentialClient] = [], notInstalled: [CredentialClient] = []
        for client in CredentialClient.allCases {
            let found = views.filter { $0.client == client }
            if found.contains(where: { !$0.installed }) {
                notInstalled.append(client)
            } else if found.allSatisfy({ $0.health == .ok }) {
                ok.append(client)
            } else {
                notOK.append(client)
            }
        }
        return ClientsSummary(ok: ok, notOK: notOK, notInstalled: notInstalled)
    }
}
