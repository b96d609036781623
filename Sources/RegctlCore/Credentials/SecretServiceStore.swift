import CLibSecret
import FoundationEssentials
import Logging

/// The desktop keyring through libsecret, with the item layout of docker's
/// `docker-credential-secretservice`: schema `io.docker.Credentials`, attributes `label`
/// ("Docker Credentials"), `server`, `username` and `docker_cli` = "1", in the default
/// collection, labelled with the server. Either helper reads the other's items.
///
/// Reaching the service gives up after `timeout` instead of hanging on a bus without a
/// Secret Service; when no display is there to show an unlock prompt, a locked keyring fails
/// at once (reaching a bus is given 5 s: under load, connecting alone took over 2 s). A
/// service that answered may be slow but is there: a call on it gets
/// `callTimeout`. (64 logins at once on two cores wait up to 4 s in gnome-keyring-daemon, which
/// serves one request at a time; a 2 s limit there read a busy keyring as a missing one.)
public struct SecretServiceStore: CredentialStore {
    /// What `credHelpers` or `credsStore` names for `docker-credential-secretservice`, which
    /// reads and writes the same items.
    static let helperSuffix = "secretservice"
    static let schemaName = "io.docker.Credentials"
    static let itemLabel = "Docker Credentials"

    let timeout: Duration
    let callTimeout: Duration
    let log = StepLog.logger("keyring")

    public init(environment: RegctlEnvironment) {
        let canPrompt = environment.variables["DISPLAY"] != nil || environment.variables["WAYLAND_DISPLAY"] != nil
        timeout = canPrompt ? .seconds(120) : .seconds(5)
        callTimeout = canPrompt ? .seconds(120) : .seconds(10)
    }

    public func get(server: String) throws(CredentialError) -> Credential? {
        try withService("look-up", unlockFirst: false) { call throws(CredentialError) in
            let query = ["server": server, "docker_cli": "1"]
            var found = try call.items(query)
            if found.isEmpty {
                // A locked collection hides its items: only then is it worth asking.
                try call.unlockDefaultCollection()
                found = try call.items(query)
            }
            return found.last.map { Credential(server: server, username: $0.username, secret: $0.secret) }
        }
    }

    public func store(_ credential: Credential) throws(CredentialError) {
        try withService("store") { call throws(CredentialError) in
            try call.clear(["server": credential.server, "docker_cli": "1"])
            try call.store(credential)
        }
    }

    public func erase(server: String) throws(CredentialError) {
        try withService("erase") { call throws(CredentialError) in
            try call.clear(["server": server, "docker_cli": "1"])
        }
    }

    public func connectAhead() {
        SecretServiceConnection.openAhead(timeout: callTimeout)
    }

    public func list() throws(CredentialError) -> [String: String] {
        try withService("list") { call throws(CredentialError) in
            var servers: [String: String] = [:]
            for item in try call.items(["label": Self.itemLabel, "docker_cli": "1"], loadSecrets: false) {
                servers[item.server] = item.username
            }
            return servers
        }
    }

    /// Connects to the Secret Service and runs `body`, cancelling it after `callTimeout`;
    /// with `unlockFirst`, a locked default collection is unlocked (or reported) first.
    /// Each step is logged with its duration (`-v`), to tell a missing service from a slow one.
    private func withService<T>(
        _ operation: String, unlockFirst: Bool = true, _ body: (KeyringCall) throws(CredentialError) -> T
    ) throws(CredentialError) -> T {
        let start = ContinuousClock.now
        let service: UnsafeMutablePointer<SecretService>?
        do {
            service = try SecretServiceConnection.open(timeout: timeout)
        } catch {
            log.debug("no connection for the \(operation) after \(Self.milliseconds(since: start)): \(error.message)")
            throw error
        }
        let connected = ContinuousClock.now
        defer { log.debug("\(operation): connected in \(Self.milliseconds(since: start, until: connected)), done in \(Self.milliseconds(since: connected))") }
        let lib = try LibSecret.load()
        defer { lib.g_object_unref(service) }
        let cancellable = lib.g_cancellable_new()
        defer { lib.g_object_unref(cancellable) }
        let deadline = CancellationTimer(lib, cancellable: cancellable, after: callTimeout)
        defer { deadline.disarm() }
        do {
            let call = KeyringCall(lib: lib, service: service, cancellable: cancellable)
            if unlockFirst { try call.unlockDefaultCollection() }
            return try body(call)
        } catch {
            throw Self.unavailable(error, timedOut: deadline.fired)
        }
    }

    private static func milliseconds(since start: ContinuousClock.Instant, until end: ContinuousClock.Instant = .now) -> String {
        let duration = end - start
        return "\(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000) ms"
    }

    /// Why a keyring that is there but did not answer in time is unavailable.
    static let noAnswer = "no answer within the time limit"

    static func unavailable(_ error: CredentialError, timedOut: Bool) -> CredentialError {
        guard case .storeFailed(let reason) = error else { return error }
        if timedOut { return .storeUnavailable(noAnswer) }
        let lowered = reason.lowercased()
        if lowered.contains("autolaunch") || lowered.contains("dbus_session_bus_address") || lowered.contains("could not connect") {
            return .storeUnavailable("no D-Bus session bus (\(reason))")
        }
        if lowered.contains("org.freedesktop.secrets") || lowered.contains("serviceunknown") || lowered.contains("not provided by any") {
            return .storeUnavailable("no Secret Service on the session bus (\(reason))")
        }
        if lowered.contains("prompt") || lowered.contains("locked") || lowered.contains("dismissed") { return .locked }
        if lowered.contains("/collection/") && lowered.contains("does not exist") {
            return .storeUnavailable("the keyring has no default collection (\(reason))")
        }
        return error
    }

    /// The `io.docker.Credentials` schema, built once for the life of the process.
    nonisolated(unsafe) static let schema: UnsafeMutablePointer<SecretSchema> = {
        let schema = UnsafeMutablePointer<SecretSchema>.allocate(capacity: 1)
        memset(schema, 0, MemoryLayout<SecretSchema>.size)
        schema.pointee.name = UnsafePointer(strdup(schemaName))
        schema.pointee.flags = SECRET_SCHEMA_NONE
        withUnsafeMutableBytes(of: &schema.pointee.attributes) { raw in
            let attributes = raw.bindMemory(to: SecretSchemaAttribute.self)
            for (index, name) in ["label", "server", "username", "docker_cli"].enumerated() {
                attributes[index] = SecretSchemaAttribute(name: UnsafePointer(strdup(name)), type: SECRET_SCHEMA_ATTRIBUTE_STRING)
            }
        }
        return schema
    }()
}
