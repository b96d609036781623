import FoundationEssentials

/// What a regctl running as root reads or runs of a kubeconfig's setup — the kubeconfig,
/// its tokenFile or CA file, an exec plugin — only when root alone controls it: the file
/// and every directory above it, links resolved, owned by root and writable by no one else
/// (``RootOwnership``). Another user's file would have root send a token, trust a CA or run
/// a program that user chose.
public enum RootSafeFile {
    /// The kind of file, as a message names it.
    public enum Kind: String, Sendable {
        case kubeconfig = "the kubeconfig"
        case tokenFile = "the tokenFile"
        case certificateAuthority = "the CA file"
        case execPlugin = "the exec plugin"
    }

    /// Why root does not read or run a file.
    public struct Refusal: Error, Equatable, Sendable {
        public let kind: Kind
        /// The file as it was named.
        public let path: String
        let finding: RootOwnership.Finding

        public var message: String {
            let subject = finding.path == path ? "it" : UntrustedText.escaped(finding.path)
            return "regctl is running as root and does not \(kind == .execPlugin ? "run" : "read") \(kind.rawValue) \(UntrustedText.escaped(path)): "
                + "\(subject) \(finding.reason), so root would act on what another user controls"
        }

        public var fix: Fix {
            .act("Run regctl as the user whose kubeconfig this is; `regctl setup` hands root only a checked CA file.")
        }
    }

    /// The path to read or run in place of `path`: its target with every link resolved, once
    /// that target and each directory above it are root's alone; nil when there is no such file.
    public static func resolve(_ path: String, kind: Kind) throws(Refusal) -> String? {
        switch RootOwnership.resolve(path) {
        case .missing: return nil
        case .passes(let target): return target
        case .fails(let finding): throw Refusal(kind: kind, path: path, finding: finding)
        }
    }
}
