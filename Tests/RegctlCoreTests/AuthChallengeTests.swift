@testable import RegctlCore
import Testing

@Suite("WWW-Authenticate")
struct AuthChallengeTests {
    @Test("Bearer with realm and service, as OpenShift and distribution send it")
    func bearer() {
        let challenge = AuthChallenge(header: #"Bearer realm="https://reg.example/openshift/token",service="reg.example",scope="repository:a/b:pull""#)
        #expect(challenge?.scheme == "bearer")
        #expect(challenge?.parameters == ["realm": "https://reg.example/openshift/token", "service": "reg.example", "scope": "repository:a/b:pull"])
    }

    @Test("Basic, unquoted values, escapes and spacing")
    func basicAndSyntax() {
        #expect(AuthChallenge(header: #"Basic realm="Registry Realm""#)?.parameters["realm"] == "Registry Realm")
        #expect(AuthChallenge(header: #"bearer realm=https://x/t , service = svc"#)?.parameters == ["realm": "https://x/t", "service": "svc"])
        #expect(AuthChallenge(header: #"Bearer realm="a\"b""#)?.parameters["realm"] == #"a"b"#)
    }

    @Test("other schemes and garbage are not challenges regctl answers", arguments: ["Negotiate", "", "Digest realm=\"x\"", "   "])
    func unsupported(header: String) {
        #expect(AuthChallenge(header: header) == nil)
    }
}
