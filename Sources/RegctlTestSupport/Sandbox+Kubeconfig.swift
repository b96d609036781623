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
        try writeKubeconfig(openShift: openShift, user: "token: \(token)", context: context, file: file)
    }

    /// As above, with the user's body given as YAML lines (an `exec:` section, say), indented
    /// as they are to sit under `user:`.
    @discardableResult
    public func writeKubeconfig(
        openShift: OpenShiftStandIn,
        user: String,
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
            \(user.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))

            """, to: target)
        return target
    }
}
