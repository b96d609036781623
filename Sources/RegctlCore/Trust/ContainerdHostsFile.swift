import FoundationEssentials
import Glibc

/// The `hosts.toml` a user wrote in a containerd hosts dir (`…/containerd/certs.d/HOST/`).
///
/// containerd reads the docker-style `*.crt` of a host's directory only while it has no
/// `hosts.toml`; with one, the CAs for the registry itself are its top-level `ca` (a path or
/// a list of paths, relative ones from the directory); an empty file counts as none, and one
/// it cannot decode is ignored, with the user's settings in it. regctl reads the file as TOML and never rewrites what the user wrote:
/// it adds one line, `ca = "PATH"`, before the first table header when there is no top-level
/// `ca`, and takes exactly that line out again on removal — each only when the text it would
/// write reads as the file's own tables and keys plus (or minus) that `ca`.
struct ContainerdHostsFile {
    static let name = "hosts.toml"
    /// A hosts.toml is a few hundred bytes.
    static let limit = 1 << 20

    let url: URL
    let text: String
    /// The file's permission bits, kept on every rewrite.
    let mode: mode_t
    let isSymbolicLink: Bool
    /// The file as containerd reads it; nil when it cannot (``problem`` says why).
    private let document: TOMLDocument?
    /// Why containerd ignores the file, naming it; nil when it reads it.
    let problem: String?

    /// The directory's `hosts.toml`; nil when it has none, or an empty one.
    init?(directory: URL) {
        url = directory.appendingPathComponent(Self.name)
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return nil }
        isSymbolicLink = info.st_mode & S_IFMT == S_IFLNK
        mode = info.st_mode & 0o7777
        let data: Data
        do {
            guard let read = try BoundedFile.contents(of: url.path, limit: Self.limit), !read.isEmpty else { return nil }
            data = read
        } catch {
            (text, document, problem) = ("", nil, "cannot read \(url.path): \(error.reason)")
            return
        }
        text = String(decoding: data, as: UTF8.self)
        let ignored = ": containerd ignores the file and uses only the *.crt files beside it"
        guard String(validating: data, as: UTF8.self) != nil else {
            (document, problem) = (nil, "\(url.path) is not valid TOML (it is not UTF-8 text)" + ignored)
            return
        }
        do {
            let document = try TOMLDocument(parsing: text)
            self.document = document
            problem = Self.caPaths(in: document) == nil
                ? "\(url.path) sets ca = \(document.root.entries["ca"]!.written), neither a path nor a list of paths" + ignored
                : nil
        } catch {
            (document, problem) = (nil, "\(url.path) is not valid TOML (\(error.text))" + ignored)
        }
    }

    /// The line regctl adds for `caFile`.
    static func caLine(_ caFile: URL) -> String {
        let escaped = caFile.path.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
        return "ca = \"\(escaped)\""
    }

    /// The top-level `ca` as containerd takes it: none, a path, or a list of paths; nil for
    /// anything else.
    private static func caPaths(in document: TOMLDocument) -> [String]? {
        switch document.root.entries["ca"] {
        case nil: return []
        case .string(let path): return [path]
        case .array(let items):
            let paths = items.items.compactMap { if case .string(let path) = $0 { path } else { nil } }
            return paths.count == items.items.count ? paths : nil
        default: return nil
        }
    }

    /// The files the top-level `ca` names, made absolute from the directory as containerd
    /// does; none when containerd cannot read the file.
    var caPaths: [String] {
        let base = url.deletingLastPathComponent()
        return (document.flatMap(Self.caPaths(in:)) ?? []).map { $0.hasPrefix("/") ? $0 : base.appendingPathComponent($0).path }
    }

    /// What adding `caFile` takes.
    enum Addition: Equatable {
        /// The top-level `ca` names it already.
        case present
        /// The file's new text, with the `ca` line.
        case rewrite(String)
        /// The file cannot take the line; the words say why and what the user should add.
        case refused(String)
    }

    func adding(_ caFile: URL) -> Addition {
        guard let document, problem == nil else {
            return .refused("\(problem!); regctl leaves it as it is: correct it, then run this command again")
        }
        if caPaths.contains(caFile.path) { return .present }
        if let ca = document.root.entries["ca"] {
            return .refused("\(url.path) already sets ca = \(ca.written), which containerd and nerdctl use instead of \(caFile.path); add that path to its ca list to trust the registry there")
        }
        let byHand = "add \(Self.caLine(caFile)) before its first [table] so that containerd and nerdctl trust the registry"
        if isSymbolicLink {
            return .refused("\(url.path) is a symbolic link, which regctl does not rewrite; \(byHand)")
        }
        let bytes = Array(text.utf8)
        let offset = document.firstHeaderOffset ?? bytes.count
        let separator = offset > 0 && bytes[offset - 1] != UInt8(ascii: "\n") ? "\n" : ""
        let edited = String(decoding: bytes[..<offset] + Array((separator + Self.caLine(caFile) + "\n").utf8) + bytes[offset...], as: UTF8.self)
        guard Self.reads(edited, as: document.root, with: caFile.path) else {
            return .refused("regctl cannot add a line to \(url.path) without changing what else it says; \(byHand)")
        }
        return .rewrite(edited)
    }

    /// The file's text without the line regctl added for `caFile`; nil when it has no such
    /// line, or taking it out would change anything else.
    func removing(_ caFile: URL) -> String? {
        guard let document, caPaths == [caFile.path], let number = document.topLevelKeyLines["ca"] else { return nil }
        var start = text.startIndex
        for _ in 1..<number {
            guard let newline = text[start...].firstIndex(of: "\n") else { return nil }
            start = text.index(after: newline)
        }
        let end = text[start...].firstIndex(of: "\n").map { text.index(after: $0) } ?? text.endIndex
        let line = text[start..<end]
        guard line == Self.caLine(caFile) + "\n" || line == Self.caLine(caFile) else { return nil }
        let edited = String(text[..<start] + text[end...])
        guard let after = try? TOMLDocument(parsing: edited), Self.reads(text, as: after.root, with: caFile.path) else { return nil }
        return edited
    }

    /// Whether `text` reads as the tables and keys of `original` plus a top-level `ca` of `path`.
    private static func reads(_ text: String, as original: TOMLTable, with path: String) -> Bool {
        guard original.entries["ca"] == nil, let document = try? TOMLDocument(parsing: text) else { return false }
        var expected = original.entries
        expected["ca"] = .string(path)
        return document.root.entries == expected
    }

    /// Replaces the file with `contents`, atomically, keeping its mode.
    func write(_ contents: String) throws(TrustError) {
        if let reason = RootWriteGuard.refusal(toWrite: url) { throw .writeFailed(path: url.path, reason: reason) }
        if let reason = AtomicWrite.replace(url, with: Data(contents.utf8), mode: mode) {
            throw .writeFailed(path: url.path, reason: reason)
        }
    }
}
