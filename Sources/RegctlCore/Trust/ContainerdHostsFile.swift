import FoundationEssentials
import Glibc

/// The `hosts.toml` a user wrote in a containerd hosts dir (`…/containerd/certs.d/HOST/`).
///
/// containerd reads the docker-style `*.crt` of a host's directory only while it has no
/// `hosts.toml`; with one, the CAs for the registry itself are its top-level `ca` (a path or
/// a list of paths, relative ones from the directory). regctl never rewrites what the user
/// wrote: it adds one line, `ca = "PATH"`, before the first table header when there is no
/// top-level `ca`, and takes exactly that line out again on removal.
struct ContainerdHostsFile {
    static let name = "hosts.toml"

    let url: URL
    let text: String
    /// The file's permission bits, kept on every rewrite.
    let mode: mode_t
    let isSymbolicLink: Bool

    /// The directory's `hosts.toml`; nil when it has none.
    init?(directory: URL) {
        url = directory.appendingPathComponent(Self.name)
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return nil }
        isSymbolicLink = info.st_mode & S_IFMT == S_IFLNK
        mode = info.st_mode & 0o7777
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        text = String(decoding: data, as: UTF8.self)
    }

    /// The line regctl adds for `caFile`.
    static func caLine(_ caFile: URL) -> String {
        let escaped = caFile.path.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
        return "ca = \"\(escaped)\""
    }

    /// The lines before the first table header, each with its line ending, and where the header starts.
    private var topLevel: (lines: [Substring], end: String.Index) {
        var lines: [Substring] = []
        var start = text.startIndex
        while start < text.endIndex {
            let end = text[start...].firstIndex(of: "\n").map { text.index(after: $0) } ?? text.endIndex
            let line = text[start..<end]
            if line.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("[") { return (lines, start) }
            lines.append(line)
            start = end
        }
        return (lines, text.endIndex)
    }

    /// The top-level `ca = …` line, as written; nil when there is none.
    var topLevelCALine: Substring? {
        topLevel.lines.first { $0.wholeMatch(of: #/[ \t]*(ca|"ca"|'ca')[ \t]*=[^\n]*\n?/#) != nil }
    }

    /// The files the top-level `ca` names, made absolute from the directory as containerd does.
    var caPaths: [String] {
        guard let line = topLevelCALine, let equals = line.firstIndex(of: "=") else { return [] }
        let value = line[line.index(after: equals)...]
        let base = url.deletingLastPathComponent()
        return value.matches(of: #/"((?:[^"\\]|\\.)*)"|'([^']*)'/#).map { match in
            let path = match.output.1.map { String($0).replacing("\\\"", with: "\"").replacing("\\\\", with: "\\") }
                ?? String(match.output.2 ?? "")
            return path.hasPrefix("/") ? path : base.appendingPathComponent(path).path
        }
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
        if caPaths.contains(caFile.path) { return .present }
        if let line = topLevelCALine {
            let written = line.drop(while: { $0 == " " || $0 == "\t" }).split(separator: "\n").first ?? ""
            return .refused("\(url.path) already sets \(UntrustedText.escaped(written)), which containerd and nerdctl use instead of \(caFile.path); add that path to its ca list to trust the registry there")
        }
        if isSymbolicLink {
            return .refused("\(url.path) is a symbolic link, which regctl does not rewrite; add \(Self.caLine(caFile)) before its first [table] so that containerd and nerdctl trust the registry")
        }
        let end = topLevel.end
        var head = String(text[..<end])
        if !head.isEmpty && !head.hasSuffix("\n") { head += "\n" }
        return .rewrite(head + Self.caLine(caFile) + "\n" + text[end...])
    }

    /// The file's text without the line regctl added for `caFile`; nil when it has no such line.
    func removing(_ caFile: URL) -> String? {
        let line = Self.caLine(caFile)
        guard let found = topLevel.lines.first(where: { $0 == line + "\n" || $0 == line }) else { return nil }
        return String(text[..<found.startIndex] + text[found.endIndex...])
    }

    /// Replaces the file with `contents`, atomically, keeping its mode.
    func write(_ contents: String) throws(TrustError) {
        if let reason = RootWriteGuard.refusal(toWrite: url) { throw .writeFailed(path: url.path, reason: reason) }
        if let reason = AtomicWrite.replace(url, with: Data(contents.utf8), mode: mode) {
            throw .writeFailed(path: url.path, reason: reason)
        }
    }
}
