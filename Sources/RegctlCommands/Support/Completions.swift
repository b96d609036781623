import ArgumentParser
import RegctlCore

/// Dynamic completions: the shells call regctl back, and regctl answers from local files.
extension CompletionKind {
    /// Registry hosts regctl knows of.
    static var registryHosts: CompletionKind {
        .custom { _, _, prefix in answer(CompletionCandidates(environment: .current).hosts(), prefix) }
    }

    /// `HOST/` for the known hosts, to start an image reference.
    static var imagePrefixes: CompletionKind {
        .custom { _, _, prefix in answer(CompletionCandidates(environment: .current).imagePrefixes(), prefix) }
    }

    /// The kubeconfig's contexts.
    static var kubeconfigContexts: CompletionKind {
        .custom { _, _, prefix in answer(CompletionCandidates(environment: .current).contexts(), prefix) }
    }

    /// The candidates starting with `prefix`. zsh's `_describe` reads `value:description`,
    /// so a colon in a value (`reg.example:5000`) is escaped for it.
    private static func answer(_ candidates: [String], _ prefix: String) -> [String] {
        let matching = candidates.filter { $0.hasPrefix(prefix) }
        guard CompletionShell.requesting == .zsh else { return matching }
        return matching.map { $0.replacing(":", with: "\\:") }
    }
}
