/// The bootstrap cluster roles of OpenShift that grant rights on images, with their rules in
/// the `image.openshift.io` group as openshift-apiserver's `bootstrappolicy` defines them.
public enum ClusterRole: String, Sendable, CaseIterable {
    /// Pulls; reads image streams.
    case registryViewer = "registry-viewer"
    /// Pulls; may not read image streams.
    case imagePuller = "system:image-puller"
    /// Pulls and pushes to existing streams; may not read or create image streams.
    case imagePusher = "system:image-pusher"
    /// Pulls, pushes and creates image streams (a project's `builder` service account).
    case imageBuilder = "system:image-builder"
    /// Pulls, pushes, reads and writes image streams.
    case registryEditor = "registry-editor"
    /// Pulls; reads image streams.
    case view
    /// Pulls, pushes, reads and writes image streams.
    case edit
    /// Pulls, pushes, reads and writes image streams.
    case admin

    /// The role's rules on `image.openshift.io` resources.
    var rules: [PolicyRule] {
        let streams: Set = ["imagestreams", "imagestreamtags", "imagestreamimages", "imagestreammappings"]
        switch self {
        case .imagePuller:
            return [PolicyRule(["get"], ["imagestreams/layers"])]
        case .imagePusher:
            return [PolicyRule(["get", "update"], ["imagestreams/layers"])]
        case .imageBuilder:
            return [PolicyRule(["get", "update"], ["imagestreams/layers"]), PolicyRule(["create"], ["imagestreams"])]
        case .registryViewer, .view:
            return [PolicyRule(PolicyRule.read, streams), PolicyRule(["get"], ["imagestreams/layers"])]
        case .registryEditor, .edit, .admin:
            return [PolicyRule(PolicyRule.readWrite, streams), PolicyRule(["get", "update"], ["imagestreams/layers"])]
        }
    }
}

/// Verbs on resources of the `image.openshift.io` group.
struct PolicyRule: Sendable {
    static let read: Set = ["get", "list", "watch"]
    static let readWrite = read.union(["create", "update", "patch", "delete", "deletecollection"])

    let verbs: Set<String>
    let resources: Set<String>

    init(_ verbs: Set<String>, _ resources: Set<String>) {
        self.verbs = verbs
        self.resources = resources
    }

    func allows(_ verb: String, _ resource: String) -> Bool {
        verbs.contains(verb) && resources.contains(resource)
    }
}

/// One subject of one RBAC binding in a namespace, described as the RBAC authorizer's
/// reasons describe it: `RoleBinding "NAME/NS" of ClusterRole "ROLE" to User "alice"`.
struct RoleBinding: Sendable {
    enum Subject: Sendable, Equatable {
        case user(String)
        case group(String)
        case serviceAccount(namespace: String, name: String)
    }

    let name: String
    let namespace: String
    /// `ClusterRole` or `Role`.
    let roleKind: String
    let roleName: String
    let rules: [PolicyRule]
    let subject: Subject

    /// Binds `role` to `subject` as `oc policy add-role-to-user` does: a binding named after
    /// the role; a user `system:serviceaccount:NS:NAME` is that service account.
    init(_ role: ClusterRole, subject: String, namespace: String) {
        let parts = subject.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        self.init(
            name: role.rawValue, namespace: namespace, role: role,
            subject: parts.count == 4 && parts[0...1] == ["system", "serviceaccount"] ? .serviceAccount(namespace: parts[2], name: parts[3]) : .user(subject)
        )
    }

    init(name: String, namespace: String, role: ClusterRole, subject: Subject) {
        self.init(name: name, namespace: namespace, roleKind: "ClusterRole", roleName: role.rawValue, rules: role.rules, subject: subject)
    }

    init(name: String, namespace: String, roleKind: String, roleName: String, rules: [PolicyRule], subject: Subject) {
        self.name = name
        self.namespace = namespace
        self.roleKind = roleKind
        self.roleName = roleName
        self.rules = rules
        self.subject = subject
    }

    /// The bindings every namespace has: its service accounts pull, its `builder` pushes and
    /// creates streams; in `openshift`, every logged-in user reads streams and pulls.
    static func defaults(in namespace: String) -> [RoleBinding] {
        var bindings = [
            RoleBinding(name: "system:image-pullers", namespace: namespace, role: .imagePuller, subject: .group("system:serviceaccounts:\(namespace)")),
            RoleBinding(name: "system:image-builders", namespace: namespace, role: .imageBuilder, subject: .serviceAccount(namespace: namespace, name: "builder")),
        ]
        if namespace == "openshift" {
            bindings.append(RoleBinding(
                name: "shared-resource-viewers", namespace: namespace, roleKind: "Role", roleName: "shared-resource-viewer",
                rules: [PolicyRule(PolicyRule.read, ["imagestreams", "imagestreamtags", "imagestreamimages"]), PolicyRule(["get"], ["imagestreams/layers"])],
                subject: .group("system:authenticated")
            ))
        }
        return bindings
    }

    func applies(to user: String, groups: [String]) -> Bool {
        switch subject {
        case .user(let name): name == user
        case .group(let name): groups.contains(name)
        case .serviceAccount(let namespace, let name): user == "system:serviceaccount:\(namespace):\(name)"
        }
    }

    var description: String {
        let subjectText = switch subject {
        case .user(let name): #"User "\#(name)""#
        case .group(let name): #"Group "\#(name)""#
        case .serviceAccount(let namespace, let name): #"ServiceAccount "\#(name)/\#(namespace)""#
        }
        return #"RoleBinding "\#(name)/\#(namespace)" of \#(roleKind) "\#(roleName)" to \#(subjectText)"#
    }
}
