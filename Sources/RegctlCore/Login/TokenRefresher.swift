import Foundation

/// Keeps a login bound to a kubeconfig context fresh: when the user ran `oc login` again,
/// the context holds a new token, and that is the one to serve.
public struct TokenRefresher: Sendable {
    let environment: RegctlEnvironment

    public init(environment: RegctlEnvironment) {
        self.environment = environment
    }

    /// The current token of the kubeconfig context `server`'s login is bound to; nil when
    /// the login is not bound to a context or the kubeconfig cannot say.
    public func currentToken(for server: String) -> String? {
        guard let entry = try? RegctlConfigFile(environment: environment).load().registries[server],
              let binding = entry.binding,
              let kubeconfig = try? Kubeconfig.load(environment: environment, explicitPath: binding.kubeconfig),
              let current = try? OpenShiftToken.resolve(kubeconfig, context: binding.context)
        else { return nil }
        return current.token
    }
}
