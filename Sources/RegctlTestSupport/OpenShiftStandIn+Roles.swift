/// Who may pull, push and create image streams, as OpenShift's RBAC and registry decide it.
extension OpenShiftStandIn {
    /// From now on, answers access reviews, image stream reads and the registry's token
    /// service by roles, as OpenShift does: cluster administrators (`grant(…, admin: true)`)
    /// may do anything; a user what the roles bound to them in a namespace allow
    /// (``bindRole(_:to:in:)``), plus `admin` of the namespace named after them (a project
    /// they requested); in every namespace its service accounts pull and its `builder` pushes;
    /// every user pulls from and reads streams in `openshift`. Until then every
    /// authenticated user may do everything and every review answers allowed.
    public func enforceRoles() {
        cluster.state.withLock { $0.enforcingRoles = true }
    }

    /// Binds `role` to `subject` in `namespace`, as `oc policy add-role-to-user ROLE SUBJECT -n
    /// NAMESPACE` does: a RoleBinding named after the role; a subject
    /// `system:serviceaccount:NS:NAME` is that service account, any other a user.
    public func bindRole(_ role: ClusterRole, to subject: String, in namespace: String) {
        cluster.state.withLock { $0.roleBindings.append(RoleBinding(role, subject: subject, namespace: namespace)) }
    }

    /// Every `SelfSubjectAccessReview` the stand-in answered, in order.
    public var accessReviews: [AccessReviewRecord] { cluster.state.withLock { $0.accessReviews } }

    /// Whether `namespace` has an image stream `name` (added, or created by a push).
    public func hasImageStream(_ name: String, namespace: String) -> Bool {
        cluster.state.withLock { $0.imageStreams[namespace]?.contains(name) ?? false }
    }
}
