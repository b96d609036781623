import CLibSecret
import Glibc

/// One connected use of the Secret Service: the libsecret calls behind
/// ``SecretServiceStore``, on items laid out as docker's helper lays them out.
struct KeyringCall {
    struct Item {
        let server: String
        let username: String
        let secret: String
    }

    let lib: RegctlLibSecret
    let service: UnsafeMutablePointer<SecretService>?
    let cancellable: UnsafeMutablePointer<GCancellable>?

    /// The items of regctl's schema whose attributes include `attributes`.
    func items(_ attributes: [String: String], loadSecrets: Bool = true) throws(CredentialError) -> [Item] {
        var flags = SECRET_SEARCH_ALL.rawValue | SECRET_SEARCH_UNLOCK.rawValue
        if loadSecrets { flags |= SECRET_SEARCH_LOAD_SECRETS.rawValue }
        var error: UnsafeMutablePointer<GError>?
        let list = withAttributes(attributes) { table in
            lib.secret_service_search_sync(service, nil, table, SecretSearchFlags(rawValue: flags), cancellable, &error)
        }
        try lib.check(error)
        defer { lib.g_list_free_full(list, lib.g_object_unref) }
        var found: [Item] = []
        var node = list
        while let current = node {
            defer { node = current.pointee.next }
            let item = current.pointee.data.assumingMemoryBound(to: SecretItem.self)
            guard take(lib.secret_item_get_schema_name(item)) == SecretServiceStore.schemaName else { continue }
            if lib.secret_item_get_locked(item) != 0 { throw .locked }
            var secret = ""
            if loadSecrets {
                guard let value = lib.secret_item_get_secret(item) else { throw .locked }
                secret = lib.secret_value_get_text(value).map { String(cString: $0) } ?? ""
                lib.secret_value_unref(UnsafeMutableRawPointer(value))
            }
            let itemAttributes = lib.secret_item_get_attributes(item)
            defer { lib.g_hash_table_unref(itemAttributes) }
            func attribute(_ name: String) -> String {
                lib.g_hash_table_lookup(itemAttributes, name).map { String(cString: $0.assumingMemoryBound(to: CChar.self)) } ?? ""
            }
            found.append(Item(server: attribute("server"), username: attribute("username"), secret: secret))
        }
        return found
    }

    /// Stores `credential` as a new item in the default collection.
    func store(_ credential: Credential) throws(CredentialError) {
        let attributes = ["label": SecretServiceStore.itemLabel, "server": credential.server, "username": credential.username, "docker_cli": "1"]
        let value = lib.secret_value_new(credential.secret, -1, "text/plain")
        defer { lib.secret_value_unref(UnsafeMutableRawPointer(value)) }
        var error: UnsafeMutablePointer<GError>?
        withAttributes(attributes) { table in
            _ = lib.secret_service_store_sync(service, SecretServiceStore.schema, table, "default", credential.server, value, cancellable, &error)
        }
        try lib.check(error)
    }

    /// Deletes the items of regctl's schema whose attributes include `attributes`.
    func clear(_ attributes: [String: String]) throws(CredentialError) {
        var error: UnsafeMutablePointer<GError>?
        withAttributes(attributes) { table in
            _ = lib.secret_service_clear_sync(service, SecretServiceStore.schema, table, cancellable, &error)
        }
        try lib.check(error)
    }

    /// A locked default collection hides its items from searches; unlock it (on a desktop
    /// this shows the keyring's own prompt) or fail as locked.
    func unlockDefaultCollection() throws(CredentialError) {
        var error: UnsafeMutablePointer<GError>?
        let collection = lib.secret_collection_for_alias_sync(service, "default", SECRET_COLLECTION_NONE, cancellable, &error)
        try lib.check(error)
        guard let collection else { return }
        defer { lib.g_object_unref(collection) }
        guard lib.secret_collection_get_locked(collection) != 0 else { return }
        let objects = lib.g_list_append(nil, collection)
        defer { lib.g_list_free(objects) }
        var unlocked: UnsafeMutablePointer<GList>?
        let count = lib.secret_service_unlock_sync(service, objects, cancellable, &unlocked, &error)
        lib.g_list_free(unlocked)
        if let error { lib.g_error_free(error) }
        guard count > 0, lib.secret_collection_get_locked(collection) == 0 else { throw .locked }
    }

    private func take(_ text: UnsafeMutablePointer<gchar>?) -> String? {
        guard let text else { return nil }
        defer { lib.g_free(text) }
        return String(cString: text)
    }

    /// Runs `body` with a GHashTable of string attributes that lives exactly as long as the call.
    private func withAttributes<T>(_ attributes: [String: String], _ body: (OpaquePointer?) -> T) -> T {
        let table = lib.g_hash_table_new_full(lib.g_str_hash, lib.g_str_equal, lib.g_free, lib.g_free)
        defer { lib.g_hash_table_unref(table) }
        for (key, value) in attributes {
            _ = lib.g_hash_table_insert(table, UnsafeMutableRawPointer(lib.g_strdup(key)), UnsafeMutableRawPointer(lib.g_strdup(value)))
        }
        return body(table)
    }
}
