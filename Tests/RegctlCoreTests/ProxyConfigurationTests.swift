import Testing

@testable import RegctlCore

/// `HTTPS_PROXY` and `NO_PROXY` read as Go's `httpproxy.FromEnvironment` (the cases of its
/// own tests that apply to HTTPS requests), and a kubeconfig's `proxy-url`.
@Suite("proxy configuration")
struct ProxyConfigurationTests {
    static let proxy = "http://proxy.corp:3128"

    func route(_ host: String, port: Int = 443, noProxy: String = "", environment: [String: String] = [:]) throws -> String? {
        let variables = environment.isEmpty ? ["HTTPS_PROXY": Self.proxy, "NO_PROXY": noProxy] : environment
        return try ProxyConfiguration(environment: variables).proxy(forHost: host, port: port)?.description
    }

    @Test("HTTPS_PROXY: upper case wins, lower case counts, HTTP_PROXY is for plain HTTP only, a bare host:port is http://")
    func variables() throws {
        #expect(try route("r.example", environment: ["HTTPS_PROXY": "http://upper:1", "https_proxy": "http://lower:2"]) == "http://upper:1")
        #expect(try route("r.example", environment: ["HTTPS_PROXY": "", "https_proxy": "http://lower:2"]) == "http://lower:2")
        #expect(try route("r.example", environment: ["HTTP_PROXY": "http://plain:3"]) == nil)
        #expect(try route("r.example", environment: ["HTTPS_PROXY": "proxy.corp:3128"]) == "http://proxy.corp:3128")
        #expect(try route("r.example", environment: ["HTTPS_PROXY": "http://proxy.corp"]) == "http://proxy.corp:80")
        #expect(try route("r.example", environment: ["NO_PROXY": "*"]) == nil)
    }

    @Test("never a proxy for localhost or loopback, whatever NO_PROXY says")
    func loopback() throws {
        for host in ["localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"] {
            #expect(try route(host) == nil, "\(host)")
        }
        #expect(try route("localhost.corp") == Self.proxy)
    }

    @Test("NO_PROXY entries", arguments: [
        ("example.com", "example.com", 443, false),
        ("example.com", "www.example.com", 443, false),
        ("example.com", "notexample.com", 443, true),
        (".example.com", "example.com", 443, true),
        (".example.com", "www.example.com", 443, false),
        ("*.example.com", "example.com", 443, true),
        ("*.example.com", "a.b.example.com", 443, false),
        ("example.com:8443", "example.com", 8443, false),
        ("example.com:8443", "example.com", 443, true),
        ("10.0.0.0/8", "10.1.2.3", 443, false),
        ("10.0.0.0/8", "11.1.2.3", 443, true),
        ("192.168.1.5", "192.168.1.5", 5000, false),
        ("192.168.1.5:5000", "192.168.1.5", 443, true),
        ("2001:db8::/32", "2001:db8::7", 443, false),
        ("[2001:db8::1]:443", "2001:db8::1", 443, false),
        (" Example.COM , other.org", "example.com", 443, false),
        (",,", "example.com", 443, true),
        ("*", "anything.example", 443, false),
    ])
    func noProxy(entry: String, host: String, port: Int, proxied: Bool) throws {
        #expect(try route(host, port: port, noProxy: entry) == (proxied ? Self.proxy : nil))
    }

    @Test("a kubeconfig's proxy-url carries every request, NO_PROXY aside; a bad one is an error when used")
    func kubeconfig() throws {
        let configuration = ProxyConfiguration.forCluster(proxyURL: "http://kube-proxy:8080")
        #expect(try configuration.proxy(forHost: "api.example", port: 6443)?.description == "http://kube-proxy:8080")
        #expect(throws: ProxyError.invalidKubeconfigProxy(underlying: .unsupportedScheme(text: "socks5://x:1"))) {
            try ProxyConfiguration.forCluster(proxyURL: "socks5://x:1").proxy(forHost: "api.example", port: 6443)
        }
    }

    @Test("credentials in the proxy URL go into Proxy-Authorization and are masked everywhere else")
    func credentials() throws {
        let proxy = try ProxyURL(parsing: "http://alice:s%40cret@proxy.corp:3128")
        #expect(proxy.description == "http://alice:***@proxy.corp:3128")
        #expect(proxy.authorization == "Basic YWxpY2U6c0BjcmV0")
        #expect(throws: ProxyError.unsupportedScheme(text: "https://bob:***@p:1")) { try ProxyURL(parsing: "https://bob:pw@p:1") }
        #expect(throws: ProxyError.invalid(text: "http://")) { try ProxyURL(parsing: "http://") }
        // Found by fuzzing: a "://" after the last "@" crashed the masking.
        #expect(ProxyURL.masked("pr@xy:2hpwttp://alice") == "pr@xy:2hpwttp://alice")
        #expect(ProxyURL.masked("socks5://bob:pw@p:1") == "socks5://bob:***@p:1")
    }
}
