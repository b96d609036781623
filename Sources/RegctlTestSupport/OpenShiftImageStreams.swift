import NIOHTTP1
import RegctlCore

/// The stand-in's image streams: `GET` of a namespace's list and of one stream by name, whose
/// `publicDockerImageRepository` names the registry's public host once one is exposed. Once
/// roles are enforced, `list` or `get` on `imagestreams` is needed (else 403).
struct ImageStreamObjects {
    let snapshot: ClusterState

    /// The answer for an image stream path, else nil.
    func respond(to request: HTTPRequest, caller: ClusterState.Token) -> HTTPResponse? {
        let parts = request.path.split(separator: "/").map(String.init)
        guard request.method == .GET, parts.count == 6 || parts.count == 7,
              parts.starts(with: ["apis", "image.openshift.io", "v1", "namespaces"]), parts[5] == "imagestreams"
        else { return nil }
        let namespace = parts[4]
        let name = parts.count == 7 ? parts[6] : nil
        let verb = name == nil ? "list" : "get"
        guard Authorizer(state: snapshot).decide(caller, verb, "imagestreams", namespace: namespace).allowed else {
            let what = name.map { #"imagestreams.image.openshift.io "\#($0)" is forbidden"# } ?? "imagestreams.image.openshift.io is forbidden"
            return ClusterAPI.forbidden(caller, what, verb, "imagestreams", group: "image.openshift.io", namespace: namespace)
        }
        let names = snapshot.imageStreams[namespace] ?? []
        guard let name else {
            return .json(.ok, ["kind": "ImageStreamList", "apiVersion": "image.openshift.io/v1", "metadata": [:], "items": .array(names.map { stream($0, namespace) })])
        }
        guard names.contains(name) else { return ClusterAPI.status(.notFound, #"imagestreams.image.openshift.io "\#(name)" not found"#) }
        var object: JSONValue = ["kind": "ImageStream", "apiVersion": "image.openshift.io/v1"]
        for (key, value) in stream(name, namespace).objectValue ?? [:] { object[key] = value }
        return .json(.ok, object)
    }

    private func stream(_ name: String, _ namespace: String) -> JSONValue {
        var status: JSONValue = ["dockerImageRepository": .string("\(ClusterAPI.internalRegistry)/\(namespace)/\(name)")]
        if let host = snapshot.registryHost { status["publicDockerImageRepository"] = .string("\(host)/\(namespace)/\(name)") }
        return ["metadata": ["name": .string(name), "namespace": .string(namespace)], "status": status]
    }
}
