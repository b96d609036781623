import RegctlCore
import Testing

@Suite("Registry host")
struct RegistryHostTests {
    @Test("valid hosts parse, lower-cased, with the port kept", arguments: [
        ("registry.example.com", "registry.example.com", nil as Int?),
        ("Reg.Example:5000", "reg.example", 5000),
        ("localhost", "localhost", nil),
        ("127.0.0.1:443", "127.0.0.1", 443),
        ("[::1]:5000", "[::1]", 5000),
        ("[fe80::1]", "[fe80::1]", nil),
        ("default-route-openshift-image-registry.apps.crc.testing", "default-route-openshift-image-registry.apps.crc.testing", nil),
    ])
    func valid(input: String, name: String, port: Int?) throws {
        let host = try RegistryHost(input)
        #expect(host.name == name)
        #expect(host.port == port)
    }

    @Test("a port is part of the identity")
    func portIsIdentity() throws {
        #expect(try RegistryHost("reg.example") != RegistryHost("reg.example:443"))
        #expect(try RegistryHost("reg.example:443").description == "reg.example:443")
    }

    @Test("hostile or malformed hosts are refused with exit code 2", arguments: [
        "", "../x", "..", "a/b", "reg.example/ns", "https://reg.example", "reg example", "reg.example\n",
        "reg\u{0}.example", "réġ.example", "reg..example", ".reg.example", "reg.example.", "-reg.example",
        "reg-.example", "reg.example:0", "reg.example:65536", "reg.example:", "reg.example:abc", "reg.example:5000:1",
        "::1", "[::1", "[zz::1]", "256.1.1.1", "1.2.3", String(repeating: "a", count: 64) + ".example",
        String(repeating: "abcdefghi.", count: 30) + "example", "reg_example.com", "*.example.com",
    ])
    func refused(input: String) {
        #expect {
            try RegistryHost(input)
        } throws: { error in
            (error as? HostError)?.status == .usage
        }
    }

    @Test("the error names the input and what is wrong")
    func errorText() {
        #expect {
            try RegistryHost("../x")
        } throws: { error in
            let error = error as? HostError
            return error?.message.contains("../x") == true && error?.fix?.text.contains("name[:port]") == true
        }
    }
}
