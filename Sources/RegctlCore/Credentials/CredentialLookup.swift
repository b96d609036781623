import FoundationEssentials

/// Where a client stops looking for a registry's credential, and what it found there.
public struct CredentialLookup: Sendable, Equatable {
    public enum Answer: Sendable, Equatable {
        /// The client runs `docker-credential-NAME get`.
        case helper(String)
        /// The client sends this `user:secret` from an `auths` entry.
        case plain(Credential)
        /// The client sends nothing.
        case none
    }

    /// The entry that decided: `credHelpers[HOST]`, `credsStore` or `auths[KEY]`.
    public let answer: Answer
    public let file: URL?
    public let entry: String?

    public static let nothing = CredentialLookup(answer: .none, file: nil, entry: nil)

    /// Whether the client asks regctl's own helper.
    public var asksRegctl: Bool { answer == .helper(AuthFiles.helperSuffix) }

    /// What `client` finds for `host` in `files`, given in the client's read order:
    /// - podman, skopeo and oc: the first file with an entry; in it `credHelpers[HOST]`, then
    ///   `auths[HOST]` (or a key that is a URL of HOST);
    /// - docker, helm, oras, cosign and crane: `credHelpers[HOST]`, then `credsStore`, then
    ///   `auths` (any key whose host is HOST), in each file in turn.
    /// An `auths` entry without a usable `auth` value is skipped, as the clients skip it.
    static func find(_ host: String, client: CredentialClient, in files: [(file: URL, document: AuthDocument)]) -> CredentialLookup {
        for (file, document) in files {
            if let helper = document.helper(for: host) {
                return CredentialLookup(answer: .helper(helper), file: file, entry: "credHelpers[\(host)]")
            }
            if client.honoursCredentialStore, let store = document.credentialStore {
                return CredentialLookup(answer: .helper(store), file: file, entry: "credsStore")
            }
            for key in keys(of: host, client: client, in: document) {
                guard let auth = document.auth(for: key), let credential = Credential(auth: auth, server: host) else { continue }
                return CredentialLookup(answer: .plain(credential), file: file, entry: "auths[\(key)]")
            }
        }
        return .nothing
    }

    /// The `auths` keys `client` reads for a whole registry, the exact key first. podman and
    /// skopeo take other keys only when they carry a scheme (a repository key is for that
    /// repository alone); docker's config library takes any key whose host part is HOST.
    private static func keys(of host: String, client: CredentialClient, in document: AuthDocument) -> [String] {
        let others = document.authKeys(of: host).filter { key in
            key != host && (client.readsEveryKeyOfHost || key.hasPrefix("http://") || key.hasPrefix("https://"))
        }
        return [host] + others
    }
}
