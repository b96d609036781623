import CLibSecret
import Foundation

/// The desktop keyring through libsecret, with the item layout of docker's
/// `docker-credential-secretservice`: schema `io.docker.Credentials`, attributes `label`
/// ("Docker Credentials"), `server`, `username` and `docker_cli` = "1", in the default
/// collection, labelled with the server. Either helper reads the other's items.
///
/// Every call gives up after `timeout` instead of hanging on a bus without a Secret Service;
/// when no display is there to show an unlock prompt, a locked keyring fails at once.
public struct SecretServiceStore: CredentialStore {
    static let schemaName = "io.docker.Credentials"
    static let itemLabel = "Docker Credentials"

    let timeout: Duration

    public init(environment: RegctlEnvironment) {
        let canPrompt = environment.variables["DISPLAY"] != nil || environment.variables["WAYLAND_DISPLAY"] != nil
        timeout = canPrompt ? .seconds(120) : .seconds(2)
    }

    public func get(server: String) throws(CredentialError) -> Credential? {
        try withService(unlockFirst: false) { service, cancellable throws(CredentialError) in
            let query = ["server": server, "docker_cli": "1"]
            var found = try items(service, query, cancellable)
            if found.isEmpty {
                // A locked collection hides its items: only then is it worth asking.
                try unlockDefaultCollection(service, cancellable)
                found = try items(service, query, cancellable)
            }
            return found.last.map { Credential(server: server, username: $0.username, secret: $0.secret) }
        }
    }

    public func store(_ credential: Credential) throws(CredentialError) {
        try withService { service, cancellable throws(CredentialError) in
            try clear(service, ["server": credential.server, "docker_cli": "1"], cancellable)
            let attributes = ["label": Self.itemLabel, "server": credential.server, "username": credential.username, "docker_cli": "1"]
            let value = secret_value_new(credential.secret, -1, "text/plain")
            defer { secret_value_unref(UnsafeMutableRawPointer(value)) }
            var error: UnsafeMutablePointer<GError>?
            withAttributes(attributes) { table in
                _ = secret_service_store_sync(service, Self.schema, table, "default", credential.server, value, cancellable, &error)
            }
            try Self.check(error)
        }
    }

    public func erase(server: String) throws(CredentialError) {
        try withService { service, cancellable throws(CredentialError) in
            try clear(service, ["server": server, "docker_cli": "1"], cancellable)
        }
    }

    public func connectAhead() {
        SecretServiceConnection.openAhead(timeout: timeout)
    }

    public func list() throws(CredentialError) -> [String: String] {
        try withService { service, cancellable throws(CredentialError) in
            var servers: [String: String] = [:]
            for item in try items(service, ["label": Self.itemLabel, "docker_cli": "1"], cancellable, loadSecrets: false) {
                servers[item.server] = item.username
            }
            return servers
        }
    }

    // MARK: libsecret

    private struct Item {
        let server: String
        let username: String
        let secret: String
    }

    private func items(
        _ service: UnsafeMutablePointer<SecretService>?,
        _ attributes: [String: String],
        _ cancellable: UnsafeMutablePointer<GCancellable>?,
        loadSecrets: Bool = true
    ) throws(CredentialError) -> [Item] {
        var flags = SECRET_SEARCH_ALL.rawValue | SECRET_SEARCH_UNLOCK.rawValue
        if loadSecrets { flags |= SECRET_SEARCH_LOAD_SECRETS.rawValue }
        var error: UnsafeMutablePointer<GError>?
        let list = withAttributes(attributes) { table in
            secret_service_search_sync(service, nil, table, SecretSearchFlags(rawValue: flags), cancellable, &error)
        }
        try Self.check(error)
        defer { g_list_free_full(list, g_object_unref) }
        var found: [Item] = []
        var node = list
        while let current = node {
            defer { node = current.pointee.next }
            let item = current.pointee.data.assumingMemoryBound(to: SecretItem.self)
            guard Self.take(secret_item_get_schema_name(item)) == Self.schemaName else { continue }
            if secret_item_get_locked(item) != 0 { throw .locked }
            var secret = ""
            if loadSecrets {
                guard let value = secret_item_get_secret(item) else { throw .locked }
                secret = secret_value_get_text(value).map { String(cString: $0) } ?? ""
                secret_value_unref(UnsafeMutableRawPointer(value))
            }
            let itemAttributes = secret_item_get_attributes(item)
            defer { g_hash_table_unref(itemAttributes) }
            func attribute(_ name: String) -> String {
                g_hash_table_lookup(itemAttributes, name).map { String(cString: $0.assumingMemoryBound(to: CChar.self)) } ?? ""
            }
            found.append(Item(server: attribute("server"), username: attribute("username"), secret: secret))
        }
        return found
    }

    private func clear(_ service: UnsafeMutablePointer<SecretService>?, _ attributes: [String: String], _ cancellable: UnsafeMutablePointer<GCancellable>?) throws(CredentialError) {
        var error: UnsafeMutablePointer<GError>?
        withAttributes(attributes) { table in
            _ = secret_service_clear_sync(service, Self.schema, table, cancellable, &error)
        }
        try Self.check(error)
    }

    /// Connects to the Secret Service and runs `body`, cancelling it after `timeout`;
    /// with `unlockFirst`, a locked default collection is unlocked (or reported) first.
    private func withService<T>(
        unlockFirst: Bool = true,
        _ body: (UnsafeMutablePointer<SecretService>?, UnsafeMutablePointer<GCancellable>?) throws(CredentialError) -> T
    ) throws(CredentialError) -> T {
        let service = try SecretServiceConnection.open(timeout: timeout)
        defer { g_object_unref(service) }
        let cancellable = g_cancellable_new()
        defer { g_object_unref(cancellable) }
        let deadline = CancellationTimer(cancellable: cancellable, after: timeout)
        defer { deadline.disarm() }
        do {
            if unlockFirst { try unlockDefaultCollection(service, cancellable) }
            return try body(service, cancellable)
        } catch {
            throw Self.unavailable(error, timedOut: deadline.fired)
        }
    }

    /// A locked default collection hides its items from searches; unlock it (on a desktop
    /// this shows the keyring's own prompt) or fail as locked.
    private func unlockDefaultCollection(_ service: UnsafeMutablePointer<SecretService>?, _ cancellable: UnsafeMutablePointer<GCancellable>?) throws(CredentialError) {
        var error: UnsafeMutablePointer<GError>?
        let collection = secret_collection_for_alias_sync(service, "default", SECRET_COLLECTION_NONE, cancellable, &error)
        try Self.check(error)
        guard let collection else { return }
        defer { g_object_unref(collection) }
        guard secret_collection_get_locked(collection) != 0 else { return }
        let objects = g_list_append(nil, collection)
        defer { g_list_free(objects) }
        var unlocked: UnsafeMutablePointer<GList>?
        let count = secret_service_unlock_sync(service, objects, cancellable, &unlocked, &error)
        g_list_free(unlocked)
        if let error { g_error_free(error) }
        guard count > 0, secret_collection_get_locked(collection) == 0 else { throw .locked }
    }

    static func unavailable(_ error: CredentialError, timedOut: Bool) -> CredentialError {
        guard case .storeFailed(let reason) = error else { return error }
        if timedOut { return .storeUnavailable("no answer within the time limit") }
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

    static func check(_ error: UnsafeMutablePointer<GError>?) throws(CredentialError) {
        guard let error else { return }
        defer { g_error_free(error) }
        throw .storeFailed(error.pointee.message.map { String(cString: $0) } ?? "unknown error")
    }

    private static func take(_ text: UnsafeMutablePointer<gchar>?) -> String? {
        guard let text else { return nil }
        defer { g_free(text) }
        return String(cString: text)
    }

    /// The `io.docker.Credentials` schema, built once for the life of the process.
    nonisolated(unsafe) private static let schema: UnsafeMutablePointer<SecretSchema> = {
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

/// Runs `body` with a GHashTable of string attributes that lives exactly as long as the call.
private func withAttributes<T>(_ attributes: [String: String], _ body: (OpaquePointer?) -> T) -> T {
    let table = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free)
    defer { g_hash_table_unref(table) }
    for (key, value) in attributes {
        g_hash_table_insert(table, UnsafeMutableRawPointer(g_strdup(key)), UnsafeMutableRawPointer(g_strdup(value)))
    }
    return body(table)
}
