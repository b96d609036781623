import FoundationEssentials

extension Fixes {
    /// This regctl (`own`) on PATH as `docker-credential-regctl`, in place of `found` (another
    /// program of that name) or where PATH finds none: a link over `found` when this person may
    /// write its directory; else in a directory PATH reads before it that this person may write
    /// (`~/.local/bin`, regctl's own, then in PATH's order); else in `~/.local/bin`, which the
    /// person then puts on PATH.
    func helperLink(to own: String, replacing found: String?) -> Fix {
        let name = "docker-credential-\(AuthFiles.helperSuffix)"
        if let found, Self.mayWrite(Self.directory(of: found)) { return .run("ln -sf \(ShellWords.quoted(own)) \(ShellWords.quoted(found))") }
        var path = environment.searchPath.filter { $0.hasPrefix("/") }
        if let found, let index = path.firstIndex(of: Self.directory(of: found)) { path = Array(path[..<index]) }
        let local = environment.home.appendingPathComponent(".local/bin").path
        let candidates = [local, Self.directory(of: own)].filter(path.contains) + path
        if let directory = candidates.first(where: Self.mayWrite) { return Fix(steps: Self.link(own, in: directory, as: name)) }
        let front = found.map { " before \(Self.directory(of: $0))" } ?? ""
        return Fix(steps: Self.link(own, in: local, as: name) + [.act("put \(local) on PATH\(front) (in ~/.profile, for example) and log in again")])
    }

    /// `ln -sf OWN DIRECTORY/NAME`, after `mkdir -p DIRECTORY` when it does not exist.
    private static func link(_ own: String, in directory: String, as name: String) -> [Fix.Step] {
        let make = FileManager.default.fileExists(atPath: directory) ? [] : [Fix.Step.run("mkdir -p \(ShellWords.quoted(directory))")]
        return make + [.run("ln -sf \(ShellWords.quoted(own)) \(ShellWords.quoted(directory + "/" + name))")]
    }

    /// Whether this process may write `directory`, or make it (its nearest existing parent).
    private static func mayWrite(_ directory: String) -> Bool {
        var url = URL(fileURLWithPath: directory)
        while !FileManager.default.fileExists(atPath: url.path), url.path != "/" { url.deleteLastPathComponent() }
        return FileManager.default.isWritableFile(atPath: url.path)
    }

    private static func directory(of path: String) -> String {
        URL(fileURLWithPath: path).deletingLastPathComponent().path
    }
}
