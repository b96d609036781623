/// Why the cluster refused a pull the engine failed: the reason, and what fixes it.
public struct PullRefusal: Sendable, Equatable {
    /// Who may not do what, or that the cluster rejects the login's token.
    public let reason: String
    public let fix: Fix?

    /// The refusal in a sentence.
    public var message: String { "the pull was refused because \(reason)" }
}

extension RegistryRights {
    /// After the engine failed to pull `image`: which of token, right or project it was; nil
    /// when the cluster says the pull is allowed, or cannot tell.
    public func explainFailedPull(_ image: ImageReference) async -> PullRefusal? {
        do {
            let answer = try await check(.pull, image)
            guard let refusal = answer.refusal else { return nil }
            return PullRefusal(reason: refusal, fix: answer.fix)
        } catch ClusterError.tokenRejected(let server, let context) {
            let renewal = image.host.flatMap { host in
                (try? RegctlConfigFile(environment: environment).load().registries[host.description]).map { Fixes(environment: environment).renewal(host, entry: $0) }
            }
            return PullRefusal(reason: "the cluster \(server) rejects the login's token", fix: renewal ?? ClusterError.tokenRejected(server: server, context: context).fix)
        } catch {
            log.debug("could not ask the cluster why the pull failed: \(error)")
            return nil
        }
    }
}
