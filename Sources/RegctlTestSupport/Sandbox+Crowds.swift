import Foundation

/// Many services and programs at once, for tests of concurrency.
extension Sandbox {
    /// Starts `count` registries with the same authentication at once, in order of start-up.
    public func startRegistries(_ count: Int, _ authentication: RegistryServer.Authentication) async throws -> [RegistryServer] {
        try await withThrowingTaskGroup(of: RegistryServer.self) { group in
            for _ in 0..<count {
                group.addTask { try await self.startRegistry(authentication) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    /// Starts one `regctl` per argument list, all before waiting for any, and returns their
    /// results in the same order.
    public func regctlAtOnce(_ argumentLists: [[String]]) async throws -> [CommandResult] {
        var programs: [RunningProgram] = []
        do {
            for arguments in argumentLists { programs.append(try startRegctl(arguments)) }
        } catch {
            for program in programs { _ = try? await program.wait() }
            throw error
        }
        var results: [CommandResult] = []
        for program in programs { results.append(try await program.wait()) }
        return results
    }
}

extension Duration {
    /// The duration in seconds with two decimals, as the tests print their figures: "1.25 s".
    public var inSeconds: String {
        String(format: "%.2f s", Double(components.seconds) + Double(components.attoseconds) / 1e18)
    }
}
