import ArgumentParser

/// `--context` and `--kubeconfig`: which kubeconfig context's token and cluster to use.
struct KubeconfigOptions: ParsableArguments {
    @Option(help: "The kubeconfig context to use (default: the current context).", completion: .kubeconfigContexts)
    var context: String?

    @Option(help: "The kubeconfig file to read, instead of KUBECONFIG or ~/.kube/config.", completion: .file())
    var kubeconfig: String?

    /// Whether either was given.
    var isSet: Bool { context != nil || kubeconfig != nil }
}
