/// An error raised where the registry is not known (reading a kubeconfig, running its exec
/// plugin), shown where it is: its fix names `host` in place of the word `HOST`.
public struct ErrorForHost: RegctlError {
    public let error: any RegctlError
    public let host: RegistryHost

    public var message: String { error.message }
    public var fix: Fix? { error.fix?.naming(host) }
    public var status: ExitStatus { error.status }

    /// `body`'s result; a ``RegctlError`` it throws comes out as an ``ErrorForHost`` for `host`.
    static func naming<T>(_ host: RegistryHost, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as any RegctlError {
            throw ErrorForHost(error: error, host: host)
        }
    }

    /// ``naming(_:_:)`` for asynchronous work.
    static func naming<T>(_ host: RegistryHost, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as any RegctlError {
            throw ErrorForHost(error: error, host: host)
        }
    }
}

extension Fix {
    /// This fix with the placeholder `HOST` in its steps and note replaced by `host`.
    func naming(_ host: RegistryHost) -> Fix {
        func named(_ text: String) -> String { text.replacing("HOST", with: host.description) }
        return Fix(steps: steps.map { step in
            switch step {
            case .run(let command): .run(named(command))
            case .act(let text): .act(named(text))
            }
        }, note: note.map(named))
    }
}
