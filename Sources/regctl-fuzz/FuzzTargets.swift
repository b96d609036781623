import FoundationEssentials
import Glibc
import RegctlCommands
import RegctlCore
import RegctlTestSupport

/// One fuzz target per hand-written parser or protocol reader. Each must never crash or
/// hang, whatever the bytes; the JSON parser must also give back the same value after a
/// write and a second parse.
enum FuzzTargets {
    /// The target the environment's FUZZ_TARGET names.
    static let selected: (@Sendable ([UInt8]) -> Void)? = getenv("FUZZ_TARGET").flatMap { all[String(cString: $0)] }

    static let all: [String: @Sendable ([UInt8]) -> Void] = [
        "json": { bytes in
            guard let value = try? JSONValue(parsing: String(decoding: bytes, as: UTF8.self)) else { return }
            for indent in ["\t", nil] as [String?] {
                guard let again = try? JSONValue(parsing: value.serialized(indent: indent)) else {
                    fatalError("what the writer wrote does not parse: \(value.serialized(indent: indent))")
                }
                precondition(again == value, "parse → write → parse changed \(value.serialized(indent: nil)) into \(again.serialized(indent: nil))")
            }
        },
        "host": { bytes in _ = try? RegistryHost(String(decoding: bytes, as: UTF8.self)) },
        "reference": { bytes in _ = try? ImageReference(String(decoding: bytes, as: UTF8.self)) },
        "www-authenticate": { bytes in _ = AuthChallenge(header: String(decoding: bytes, as: UTF8.self)) },
        "pem": { bytes in _ = try? CertificateBundle(pem: String(decoding: bytes, as: UTF8.self), source: "fuzz") },
        "kubeconfig": { bytes in _ = try? KubeconfigFile.parse(Data(bytes), path: "fuzz") },
        "yaml-writer": { bytes in
            guard let value = try? YAMLDocument.parse(bytes) else { return }
            guard let again = try? YAMLDocument.parse(Array(YAMLWriter.text(value).utf8)) else {
                fatalError("what YAMLWriter wrote does not parse: \(YAMLWriter.text(value))")
            }
            precondition(again == value, "YAML → write → parse changed \(value.serialized(indent: nil)) into \(again.serialized(indent: nil)) by writing:\n\(YAMLWriter.text(value))")
        },
        "helper-stdin": { bytes in
            let helper = CredentialHelperProtocol(store: MemoryCredentialStore())
            for action in ["store", "get", "erase"] { _ = helper.run(arguments: [action], input: Data(bytes)) }
        },
        "exec-credential": { bytes in
            let plugin = ExecCredentialPlugin(
                apiVersion: "client.authentication.k8s.io/v1", command: "fuzz", arguments: [], environment: [:],
                installHint: nil, provideClusterInfo: false, interactiveMode: .never
            )
            _ = try? plugin.decode(bytes, context: "fuzz")
        },
        "proxy": { bytes in
            // First line: HTTPS_PROXY; second: NO_PROXY; third: the host routed.
            let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            let configuration = ProxyConfiguration(environment: ["HTTPS_PROXY": lines.first ?? "", "NO_PROXY": lines.count > 1 ? lines[1] : ""])
            _ = try? configuration.proxy(forHost: lines.count > 2 ? lines[2] : "", port: 443)
        },
        "oauth-location": { bytes in _ = try? OAuthPasswordLogin.code(fromRedirect: String(decoding: bytes, as: UTF8.self), server: "fuzz") },
        "toml": { bytes in _ = try? TOMLDocument(parsing: String(decoding: bytes, as: UTF8.self)) },
        "regctl-config": { bytes in
            guard let config = try? RegctlConfigFile.decode(Data(bytes), path: "fuzz") else { return }
            guard let written = RegctlConfigFile.text(of: config), let again = try? RegctlConfigFile.decode(written, path: "fuzz") else {
                fatalError("regctl's config as written does not read back: \(config)")
            }
            precondition(RegctlConfigFile.text(of: again) == written, "write → read → write changed \(String(decoding: written, as: UTF8.self))")
        },
        "push-pull-line": { bytes in
            // NUL-separated words after pull or push (the first byte chooses).
            let words = bytes.dropFirst().split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            let line = [bytes.first.map { $0 % 2 == 0 ? "pull" : "push" } ?? "pull"] + words
            if let why = EngineHandoverReadings.disagreement(line) { fatalError("\(line): \(why)") }
        },
    ]
}
