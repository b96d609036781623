import Foundation

/// Keeps a login bound to a kubeconfig context fresh: when the user ran `oc login` again,
/// the context holds a new token, and that is the one to serve.
public struct TokenRefresher: Sendable {
    let environment: RegctlEnvironment

    public init(environment: RegctlEnvironment) {
        self.environment = environment
    }

    /// The credential with the context's current token, or nil when `stored` is current,
    /// not bound to a context, or the kubeconfig cannot say.
    public func refreshed(_ stored: Credential) -> Credential? {
        guard let entry = try? RegctlConfigFile(environment: environment).load().registries[stored.server],
              let binding = entry.binding,
              let kubeconfig = try? Kubeconfig.load(environment: environment, explicitPath: binding.kubeconfig),
              let current = try? OpenShiftToken.resolve(kubeconfig, context: binding.context),
              current.token != stored.secret
        else { return nil }
        return Credential(server: stored.server, username: stored.username, secret: current.token)
    }
}
