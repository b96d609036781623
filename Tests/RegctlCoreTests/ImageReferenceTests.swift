import RegctlCore
import Testing

@Suite("Image reference")
struct ImageReferenceTests {
    @Test("the first component is a registry only with '.', ':' or localhost", arguments: [
        ("reg.example/team/app:1", "reg.example", "team/app", "1" as String?),
        ("reg.example:5000/app", "reg.example:5000", "app", nil),
        ("localhost/app:latest", "localhost", "app", "latest"),
        ("127.0.0.1:5000/a/b/c:v1.2_3", "127.0.0.1:5000", "a/b/c", "v1.2_3"),
        ("team/app:1", nil as String?, "team/app", "1"),
        ("app", nil, "app", nil),
    ])
    func hostDetection(text: String, host: String?, path: String, tag: String?) throws {
        let reference = try ImageReference(text)
        #expect(reference.host?.description == host)
        #expect(reference.path == path)
        #expect(reference.tag == tag)
    }

    @Test("digests, with or without a tag")
    func digests() throws {
        let digest = "sha256:" + String(repeating: "ab", count: 32)
        let reference = try ImageReference("reg.example/app:1@\(digest)")
        #expect(reference.digest == digest)
        #expect(reference.tag == "1")
        #expect(try ImageReference("reg.example/app@\(digest)").tag == nil)
    }

    @Test("malformed references are refused with exit 2", arguments: [
        "", "Reg.Example/app", "reg.example/App", "reg.example/app:", "reg.example/app:bad tag", "reg.example//app",
        "reg.example/app@sha256:short", "/app", "reg.example/app:-x", "reg.example:99999/app", "reg example/app",
    ])
    func refused(text: String) {
        #expect {
            try ImageReference(text)
        } throws: { error in
            (error as? ImageReferenceError)?.status == .usage
        }
    }
}
