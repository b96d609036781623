/// RBAC as the stand-in's cluster applies it once roles are enforced: cluster administrators
/// may do anything; anyone else what a binding in the namespace grants them (see
/// ``RoleBinding/defaults(in:)``), and a user administers the namespace named after them, as
/// the requester of a project does. Before enforcement every authenticated user may do
/// everything.
struct Authorizer {
    let state: ClusterState

    struct Decision {
        let allowed: Bool
        /// The RBAC authorizer's reason for an allowed request; none for a denied one.
        let reason: String?
    }

    func decide(_ caller: ClusterState.Token, _ verb: String, _ resource: String, group: String = "image.openshift.io", namespace: String) -> Decision {
        guard state.enforcingRoles else { return Decision(allowed: true, reason: nil) }
        if caller.admin {
            return Decision(allowed: true, reason: #"RBAC: allowed by ClusterRoleBinding "cluster-admins" of ClusterRole "cluster-admin" to Group "system:cluster-admins""#)
        }
        guard group == "image.openshift.io" else { return Decision(allowed: false, reason: nil) }
        let requester = caller.user == namespace ? [RoleBinding(name: "admin", namespace: namespace, role: .admin, subject: .user(caller.user))] : []
        let bindings = requester + RoleBinding.defaults(in: namespace) + state.roleBindings.filter { $0.namespace == namespace }
        let groups = Self.groups(of: caller.user)
        let match = bindings.first { binding in
            binding.applies(to: caller.user, groups: groups) && binding.rules.contains { $0.allows(verb, resource) }
        }
        return Decision(allowed: match != nil, reason: match.map { "RBAC: allowed by \($0.description)" })
    }

    /// The groups the cluster puts `user` in: service accounts in their namespace's.
    static func groups(of user: String) -> [String] {
        let parts = user.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "system", parts[1] == "serviceaccount" else {
            return ["system:authenticated", "system:authenticated:oauth"]
        }
        return ["system:authenticated", "system:serviceaccounts", "system:serviceaccounts:\(parts[2])"]
    }
}

extension ClusterState {
    /// What the registry's token service grants `caller` of `requested` once roles are
    /// enforced, as OpenShift's registry would allow it: `pull` with `get` on
    /// `imagestreams/layers`, `push` with `get` and `update` on it and, for a stream that does
    /// not exist, `create` on `imagestreams` (the stream then exists: the real registry
    /// creates it at the manifest PUT). A name of more than two levels gets nothing (the
    /// real one answers 400); other types and actions only cluster administrators.
    mutating func registryGrants(_ requested: [RegistryAccess], to caller: Token) -> [RegistryAccess] {
        guard enforcingRoles else { return requested }
        return requested.compactMap { access in
            guard access.type == "repository" else { return caller.admin ? access : nil }
            let path = access.name.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard path.count == 2, !path.contains("") else { return nil }
            let (namespace, name) = (path[0], path[1])
            let authorizer = Authorizer(state: self)
            let may = { (verb: String, resource: String) in authorizer.decide(caller, verb, resource, namespace: namespace).allowed }
            let exists = imageStreams[namespace]?.contains(name) ?? false
            let actions = access.actions.filter { action in
                switch action {
                case "pull": may("get", "imagestreams/layers")
                case "push": may("get", "imagestreams/layers") && may("update", "imagestreams/layers") && (exists || may("create", "imagestreams"))
                default: caller.admin
                }
            }
            if !exists, actions.contains("push") { imageStreams[namespace, default: []].append(name) }
            return actions.isEmpty ? nil : RegistryAccess(type: access.type, name: access.name, actions: actions)
        }
    }
}
