/// regctl's config read from its parsed JSON by hand (``JSONShape``): every command reads it.
extension RegctlConfig {
    init(json: JSONValue) throws(JSONShape.Mismatch) {
        let root = try JSONShape(json).members()
        self.init()
        for (host, value) in try root.optional("registries")?.members().all ?? [] {
            registries[host] = try Registry(try value.members())
        }
        engine = try root.optional("engine")?.choice(of: ContainerEngine.self)
    }
}

extension RegctlConfig.Registry {
    fileprivate init(_ fields: JSONShape.Members) throws(JSONShape.Mismatch) {
        self.init(store: try fields.required("store").choice(of: CredentialStoreKind.self), username: try fields.required("username").string())
        context = try fields.optional("context")?.string()
        cluster = try fields.optional("cluster")?.string()
        kubeconfig = try fields.optional("kubeconfig")?.string()
        account = try fields.optional("account")?.bool() ?? false
        if let token = try fields.optional("token")?.members() {
            self.token = TokenRecord(id: try token.required("id").string(), expiry: try token.optional("expiry")?.date())
        }
    }
}
