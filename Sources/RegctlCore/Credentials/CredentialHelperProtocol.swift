import FoundationEssentials
import OrderedCollections

/// The docker credential-helper protocol (`docker-credential-NAME ACTION`), answered from a
/// ``CredentialStore``. Output and errors go to stdout, errors with exit code 1, with the
/// texts docker's helpers use, so clients read regctl's answers as they read theirs.
public struct CredentialHelperProtocol: Sendable {
    /// What clients compare to mean "no credential", byte for byte.
    public static let notFound = "credentials not found in native keychain"

    let store: any CredentialStore
    let source: LoginSource?

    /// With a `source`, `get` serves a bound login's current token from its kubeconfig
    /// context, writing the keyring only when that token changed; `store` and `erase` end
    /// the binding, so what a client stores or erases wins over the source.
    public init(store: any CredentialStore, source: LoginSource? = nil) {
        self.store = store
        self.source = source
    }

    /// Runs `arguments` (the action) with `input` on stdin; returns stdout and the exit code.
    public func run(arguments: [String], input: Data) -> (output: String, status: Int32) {
        guard arguments.count == 1 else { return (Self.usage + "\n", 1) }
        do {
            return (try perform(arguments[0], input: String(decoding: input, as: UTF8.self)), 0)
        } catch let error as CredentialError {
            return (error.message + "\n", error.status == .storeUnavailable ? ExitStatus.storeUnavailable.rawValue : 1)
        } catch {
            return ("\(error)\n", 1)
        }
    }

    /// The answer to a request that could not be read from stdin, as to any refused one.
    public static func refusal(_ error: StandardInputError) -> (output: String, status: Int32) {
        (error.message + "\n", 1)
    }

    static let usage = "Usage: docker-credential-regctl <store|get|erase|list|version>"

    /// What `version` prints; it needs neither the keyring nor the environment.
    public static let versionAnswer = "docker-credential-regctl (regctl) \(RegctlVersion.current)\n"

    private func perform(_ action: String, input: String) throws -> String {
        switch action {
        case "store":
            let credential = try Self.decodeCredential(input)
            Redactor.shared.register(credential.secret)
            try store.store(credential)
            source?.unbind(credential.server)
            return ""
        case "get":
            let server = try Self.serverURL(input)
            let served: CredentialResolver.Source
            do {
                served = try CredentialResolver(keyring: store, source: source).served(for: server).source
            } catch let error as any RegctlError {
                throw HelperError(error.fix.map { "\(error.message). \($0.instruction.replacing("HOST", with: server))" } ?? error.message)
            }
            let credential: Credential
            if case .kubeconfig(let current) = served {
                credential = current.credential
                if !current.stored, let source {
                    TokenRenewal(source: source, keyring: store).save(current, for: server, expiry: TokenRenewal.expiry(of: current.token))
                }
            } else {
                guard let kept = try store.get(server: server) else { throw HelperError(Self.notFound) }
                credential = kept
            }
            let answer: OrderedDictionary<String, JSONValue> = [
                "ServerURL": .string(server), "Username": .string(credential.username), "Secret": .string(credential.secret),
            ]
            return JSONValue.object(answer).serialized(indent: nil) + "\n"
        case "erase":
            let server = try Self.serverURL(input)
            let wasBound = source?.unbind(server) ?? false
            do {
                try store.erase(server: server)
            } catch {
                // A bound login without a keyring kept no copy: ending the binding is the logout.
                guard wasBound, error.status == .storeUnavailable else { throw error }
            }
            return ""
        case "list":
            let servers = try store.list().sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) }
            return JSONValue.object(OrderedDictionary(uniqueKeysWithValues: servers)).serialized(indent: nil) + "\n"
        case "version":
            return Self.versionAnswer
        default:
            throw HelperError("Unknown credential action `\(action)`")
        }
    }

    /// Trims the server the way docker's helpers do; empty is an error.
    private static func serverURL(_ input: String) throws -> String {
        let server = input.trimmed
        guard !server.isEmpty else { throw HelperError("no credentials server URL") }
        return server
    }

    /// Decodes `{"ServerURL","Username","Secret"}`, matching field names case-insensitively
    /// as Go's decoder does; lines are joined first, as docker's helpers read them.
    private static func decodeCredential(_ input: String) throws -> Credential {
        let joined = input.split(whereSeparator: \.isNewline).joined()
        guard !joined.allSatisfy(\.isWhitespace) else { throw HelperError("EOF") }
        let value: JSONValue
        do { value = try JSONValue(parsing: joined) } catch { throw HelperError("invalid JSON: \(error.description)") }
        guard let object = value.objectValue else { throw HelperError("json: cannot unmarshal into credentials: not an object") }
        func field(_ name: String) throws -> String {
            guard let match = object.elements.last(where: { $0.key.lowercased() == name.lowercased() }) else { return "" }
            if case .null = match.value { return "" }
            guard let text = match.value.stringValue else {
                throw HelperError("json: cannot unmarshal into Go struct field Credentials.\(name) of type string")
            }
            return text
        }
        let credential = Credential(server: try field("ServerURL"), username: try field("Username"), secret: try field("Secret"))
        guard !credential.server.isEmpty else { throw HelperError("no credentials server URL") }
        guard !credential.username.isEmpty else { throw HelperError("no credentials username") }
        return credential
    }
}

/// An error the protocol prints as it is.
struct HelperError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
