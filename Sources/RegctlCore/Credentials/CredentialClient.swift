/// The programs that read registry credentials from the files regctl wires, each by its own
/// rules (docs/files-and-credentials.md, "What each client sends"). The raw values are the
/// `client` strings of `status --json`.
public enum CredentialClient: String, Sendable, CaseIterable, Codable {
    /// podman, skopeo and buildah (the containers library).
    case containers
    /// The docker CLI, which hands the credential to the daemon.
    case docker
    /// helm 3.18 and later: its own `registry/config.json`, then docker's.
    case helm
    /// oras: docker's `config.json` only.
    case oras
    /// cosign and crane (go-containerregistry): one file only, docker's `config.json` when it
    /// exists, else the containers auth file.
    case goContainerRegistry = "cosign-crane"
    /// `oc image` and `oc adm release`: the containers files in their order, `credHelpers`
    /// but not `credsStore`.
    case oc

    /// Who the client is, for people.
    public var name: String {
        switch self {
        case .containers: "podman/skopeo/buildah"
        case .docker: "docker"
        case .helm: "helm"
        case .oras: "oras"
        case .goContainerRegistry: "cosign/crane"
        case .oc: "oc"
        }
    }

    /// The programs that are this client; it is installed when PATH finds one of them.
    public var programs: [String] {
        switch self {
        case .containers: ["podman", "skopeo", "buildah"]
        case .docker: ["docker"]
        case .helm: ["helm"]
        case .oras: ["oras"]
        case .goContainerRegistry: ["cosign", "crane"]
        case .oc: ["oc"]
        }
    }

    /// Whether docker's `credsStore` sends it to a helper for every registry.
    var honoursCredentialStore: Bool { self != .containers && self != .oc }

    /// Whether it takes an `auths` key naming the host in any form (docker's config
    /// library), not only the exact key and URLs (the containers library, oc).
    var readsEveryKeyOfHost: Bool { honoursCredentialStore }
}
