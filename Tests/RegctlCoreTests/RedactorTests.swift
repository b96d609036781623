import RegctlCore
import Testing

@Suite("Redactor")
struct RedactorTests {
    @Test("a registered secret is masked wherever it appears")
    func registeredSecret() {
        let redactor = Redactor()
        redactor.register("hunter2-long-secret")
        #expect(redactor.redact("password hunter2-long-secret and again hunter2-long-secret")
            == "password <redacted> and again <redacted>")
    }

    @Test("well-known credential shapes are masked without registration", arguments: [
        ("Authorization: Bearer eyJhbGciOiJFUzI1NiJ9.e30.c2ln", "Authorization: Bearer <redacted>"),
        ("authorization: basic YWxpY2U6c2VjcmV0", "authorization: basic <redacted>"),
        ("token sha256~AbC_dEf-123 expired", "token sha256~<redacted> expired"),
        (#"{"ServerURL":"h","Username":"u","Secret":"xyz"}"#, #"{"ServerURL":"h","Username":"u","Secret":"<redacted>"}"#),
        (#"{"auths":{"h":{"auth":"YWxpY2U6c2VjcmV0"}}}"#, #"{"auths":{"h":{"auth":"<redacted>"}}}"#),
    ])
    func knownShapes(input: String, expected: String) {
        #expect(Redactor().redact(input) == expected)
    }

    @Test("text without secrets is unchanged", arguments: [
        "installed CA for reg.example:5000 (fingerprint 3F:A1)",
        "Bearer challenge: fetching a token from https://reg.example/openshift/token",
        "Basic challenge: retrying with the credential",
    ])
    func plainText(text: String) {
        #expect(Redactor().redact(text) == text)
    }

    @Test("a bare Bearer or Basic value of credential length is masked")
    func bareCredential() {
        #expect(Redactor().redact("sent Bearer eyJhbGciOiJFUzI1NiJ9abc") == "sent Bearer <redacted>")
    }

    @Test("very short values are not registered, so they cannot mangle ordinary text")
    func shortSecretIgnored() {
        let redactor = Redactor()
        redactor.register("a")
        #expect(redactor.redact("a registry") == "a registry")
    }
}
