import Foundation

/// The auth-file cases of the clients' read orders, one table for the unit tests of regctl's
/// reading (`CredentialResolverTests`, `WiringInspectionTests`) and the integration test that
/// asks the real podman, skopeo and docker (`ReadOrderOracleTests`).
public struct AuthFileFixture: Sendable, CustomStringConvertible {
    /// The files, in the containers read order.
    public enum File: Int, Sendable, CaseIterable {
        /// `$XDG_RUNTIME_DIR/containers/auth.json`.
        case runtime
        /// `~/.config/containers/auth.json`.
        case persistent
        /// `~/.docker/config.json`.
        case docker
    }

    /// A user name and secret as an `auths` entry holds them.
    public struct Account: Sendable, Equatable {
        public let user: String
        public let secret: String
        /// The entry's `auth` value: base64 of `user:secret`.
        public var auth: String { Data("\(user):\(secret)".utf8).base64EncodedString() }
    }

    /// What a client sends, and which entry decided.
    public enum Answer: Sendable, Equatable {
        case nothing
        /// `docker-credential-NAME get`; `entry` is `credHelpers[HOST]` or `credsStore`.
        case helper(String, in: File, entry: String)
        /// The account of `auths[key]`.
        case plain(Account, in: File, key: String)

        /// The user name the client sends: a stand-in helper answers with ``AuthFileFixture/helperUser(_:)``.
        public var user: String? {
            switch self {
            case .nothing: nil
            case .helper(let name, _, _): AuthFileFixture.helperUser(name)
            case .plain(let account, _, _): account.user
            }
        }
    }

    /// The account of most plain entries, as `podman login` would have written it.
    public static let podman = Account(user: "podman", secret: "pw-from-podman")
    /// The account of entries that must not count (another host, a repository key).
    public static let other = Account(user: "other", secret: "pw-other")
    /// The repository a pull asks for in ``containersPull``.
    public static let repository = "team/app"

    /// The user name a stand-in `docker-credential-NAME` answers `get` with.
    public static func helperUser(_ name: String) -> String { "from-\(name)" }

    /// What the case shows.
    public let name: String
    /// The files' texts by ``File``, nil: absent.
    public let files: [String?]
    /// What podman, skopeo and buildah find for the registry as a whole (`podman login --get-login HOST`).
    public let containers: Answer
    /// What they find for a pull of `HOST/team/app`: a repository key counts there.
    public let containersPull: Answer
    /// What docker finds in its config.json.
    public let docker: Answer
    public var description: String { name }

    /// The cases for registry `host`.
    public static func all(host: String) -> [AuthFileFixture] {
        let plain = podman.auth
        let bare = host.prefix { $0 != ":" }
        let regctl = #"{"credHelpers":{"\#(host)":"regctl"}}"#
        func helper(_ name: String, _ file: File, _ entry: String = "credHelpers[\(host)]") -> Answer { .helper(name, in: file, entry: entry) }
        func entry(_ file: File, key: String = host, _ account: Account = podman) -> Answer { .plain(account, in: file, key: key) }
        func fixture(_ name: String, _ files: [String?], containers: Answer, pull: Answer? = nil, docker: Answer) -> AuthFileFixture {
            AuthFileFixture(name: name, files: files, containers: containers, containersPull: pull ?? containers, docker: docker)
        }
        return [
            fixture("no files: nothing", [nil, nil, nil], containers: .nothing, docker: .nothing),
            fixture("regctl's helper in the runtime file and config.json", [regctl, nil, regctl],
                    containers: helper("regctl", .runtime), docker: helper("regctl", .docker)),
            fixture("podman stops at the first file with an entry: a plain runtime entry shadows regctl in config.json",
                    [#"{"auths":{"\#(host)":{"auth":"\#(plain)"}}}"#, nil, regctl],
                    containers: entry(.runtime), docker: helper("regctl", .docker)),
            fixture("in one file credHelpers wins over auths, for both clients",
                    [#"{"auths":{"\#(host)":{"auth":"\#(plain)"}},"credHelpers":{"\#(host)":"regctl"}}"#, nil,
                     #"{"auths":{"\#(host)":{"auth":"\#(plain)"}},"credHelpers":{"\#(host)":"regctl"}}"#],
                    containers: helper("regctl", .runtime), docker: helper("regctl", .docker)),
            fixture("the persistent auth.json (podman login --authfile) is read before config.json",
                    [nil, #"{"auths":{"\#(host)":{"auth":"\#(plain)"}}}"#, regctl],
                    containers: entry(.persistent), docker: helper("regctl", .docker)),
            fixture("docker: credsStore comes before auths; podman ignores credsStore",
                    [nil, nil, #"{"auths":{"\#(host)":{"auth":"\#(plain)"}},"credsStore":"desktop"}"#],
                    containers: entry(.docker), docker: helper("desktop", .docker, "credsStore")),
            fixture("docker: credHelpers comes before credsStore",
                    [nil, nil, #"{"credsStore":"pass","credHelpers":{"\#(host)":"regctl"}}"#],
                    containers: helper("regctl", .docker), docker: helper("regctl", .docker)),
            fixture("an empty entry {} is skipped, and so is an auth that is not user:secret",
                    [#"{"auths":{"\#(host)":{}}}"#, #"{"auths":{"\#(host)":{"auth":"bm90LWEtcGFpcg=="}}}"#, nil],
                    containers: .nothing, docker: .nothing),
            fixture("a URL key counts for both; a repository key only for docker, and for a pull of that repository",
                    [#"{"auths":{"\#(host)/\#(repository)":{"auth":"\#(other.auth)"}}}"#, nil, #"{"auths":{"https://\#(host)/v1/":{"auth":"\#(plain)"}}}"#],
                    containers: entry(.docker, key: "https://\(host)/v1/"), pull: entry(.runtime, key: "\(host)/\(repository)", other),
                    docker: entry(.docker, key: "https://\(host)/v1/")),
            fixture("another repository's key does not count for the pull",
                    [#"{"auths":{"\#(host)/team/other":{"auth":"\#(other.auth)"}}}"#, nil, regctl],
                    containers: helper("regctl", .docker), docker: helper("regctl", .docker)),
            fixture("another host's entries do not count, nor does a port-less name",
                    [#"{"auths":{"\#(bare)":{"auth":"\#(other.auth)"}},"credHelpers":{"\#(host)1":"regctl"}}"#, nil, nil],
                    containers: .nothing, docker: .nothing),
        ]
    }
}

extension AuthFileFixture.File {
    /// Where the file is in `sandbox`.
    public func url(in sandbox: Sandbox) -> URL {
        switch self {
        case .runtime: sandbox.containersAuthFile
        case .persistent: sandbox.configHome.appendingPathComponent("containers/auth.json")
        case .docker: sandbox.dockerConfigFile
        }
    }
}

extension AuthFileFixture {
    /// Writes the case's files at their places in `sandbox`, removing the files it has not.
    public func write(into sandbox: Sandbox) throws {
        for (file, text) in zip(File.allCases, files) {
            let url = file.url(in: sandbox)
            try? FileManager.default.removeItem(at: url)
            if let text { try sandbox.write(text, to: url) }
        }
    }
}
