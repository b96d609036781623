import CLibSecret

/// libsecret, opened with dlopen the first time the keyring is used: a command that never
/// touches the keyring (the helper serving a bound login, `--version`, completions) does
/// not pay for loading GLib.
enum LibSecret {
    /// libsecret's functions, or why they cannot be had (libsecret not installed).
    static func load() throws(CredentialError) -> RegctlLibSecret {
        try loaded.get()
    }

    private static let loaded: Result<RegctlLibSecret, CredentialError> = {
        let functions = UnsafeMutablePointer<RegctlLibSecret>.allocate(capacity: 1)
        defer { functions.deallocate() }
        if let reason = regctl_libsecret_open(functions) {
            return .failure(.storeUnavailable("libsecret cannot be loaded (\(String(cString: reason))); install the libsecret-1-0 package"))
        }
        return .success(functions.pointee)
    }()
}

extension RegctlLibSecret {
    /// Throws libsecret's error, if any, as `.storeFailed`, and frees it.
    func check(_ error: UnsafeMutablePointer<GError>?) throws(CredentialError) {
        guard let error else { return }
        defer { g_error_free(error) }
        throw .storeFailed(error.pointee.message.map { String(cString: $0) } ?? "unknown error")
    }
}
