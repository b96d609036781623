import Foundation

extension Sandbox {
    /// Writes a kubeconfig (to `$KUBECONFIG` unless `file` is given) whose context `context`
    /// logs in to `openShift` with `token`, trusting the run's CA as `oc login` would.
    @discardableResult
    public func writeKubeconfig(
        openShift: OpenShiftStandIn,
        token: String,
        context: String = "developer/api-test:6443/developer",
        file: URL? = nil
    ) throws -> URL {
        let target = file ?? kubeconfig
        let ca = Data(try authority.certificatePEM.utf8).base64EncodedString()
        try write("""
            apiVersion: v1
            kind: Config
            clusters:
            - cluster:
                certificate-authority-data: \(ca)
                server: \(openShift.apiServer)
              name: api-test:6443
            contexts:
            - context:
                cluster: api-test:6443
                namespace: developer
                user: developer/api-test:6443
              name: \(context)
            current-context: \(context)
            preferences: {}
            users:
            - name: developer/api-test:6443
              user:
                token: \(token)

            """, to: target)
        return target
    }
}
