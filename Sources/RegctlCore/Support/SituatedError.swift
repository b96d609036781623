/// An error raised where the situation is not known (reading a kubeconfig, running its exec
/// plugin), shown with the fix that the code which knows the situation makes of it: for a
/// registry, `HOST` in its fix becomes the host (``naming(_:_:)``).
public struct SituatedError: RegctlError {
    public let error: any RegctlError
    public let fix: Fix?

    public var message: String { error.message }
    public var status: ExitStatus { error.status }

    /// `body`'s result; a ``RegctlError`` it throws comes out with the fix `situated` makes of it.
    static func situating<T>(_ situated: (any RegctlError) -> Fix?, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as any RegctlError {
            throw SituatedError(error: error, fix: situated(error))
        }
    }

    /// `body`'s result; a ``RegctlError`` it throws names `host` in its fix.
    static func naming<T>(_ host: RegistryHost, _ body: () throws -> T) throws -> T {
        try situating({ $0.fix?.naming(host) }, body)
    }

    /// ``naming(_:_:)`` for asynchronous work.
    static func naming<T>(_ host: RegistryHost, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as any RegctlError {
            throw SituatedError(error: error, fix: error.fix?.naming(host))
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
