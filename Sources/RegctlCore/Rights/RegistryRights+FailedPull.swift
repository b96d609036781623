extension RegistryRights {
    /// After the engine failed to pull `image`: which of token, right or project it was, for
    /// a person; nil when the cluster says the pull is allowed, or cannot tell.
    public func explainFailedPull(_ image: ImageReference) async -> String? {
        do {
            let answer = try await check(.pull, image)
            guard let refusal = answer.refusal else { return nil }
            return (["regctl: the pull was refused because \(refusal)"] + (answer.fix.map { [$0.text] } ?? [])).joined(separator: "\n")
        } catch ClusterError.tokenRejected(let server, _) {
            return "regctl: the pull was refused because the cluster \(server) rejects the login's token\nRun `oc login \(server)` again; regctl picks up the new token by itself."
        } catch {
            log.debug("could not ask the cluster why the pull failed: \(error)")
            return nil
        }
    }
}
