import ArgumentParser
import FoundationEssentials
import RegctlCore

/// `regctl trust bundle HOST [--output FILE]`
struct TrustBundleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Print or write the system's CAs plus a registry's, for tools that read no certs.d.",
        discussion: """
            helm, oras, cosign, crane and oc image trust only the operating system's CAs, and \
            their CA flags replace those CAs. This bundle carries both: the system bundle Go \
            reads plus the CA installed for HOST (as podman uses it). Give it to --ca-file, \
            --registry-cacert or --certificate-authority, or set SSL_CERT_FILE to it.
            """
    )

    @Argument(help: "The registry host as in image references: name[:port].", completion: .registryHosts)
    var host: String

    @Option(name: .shortAndLong, help: "Write the bundle to FILE instead of standard output.", completion: .file())
    var output: String?

    @OptionGroup var options: ReportingOptions

    func validate() throws {
        if options.json && output == nil { throw ValidationError("--json goes with --output FILE (without it the bundle itself is printed).") }
    }

    func run() async throws {
        options.apply()
        var bundle = try TrustBundle(host: try RegistryHost(host), directories: CertsDirectories(environment: .current))
        guard let output else {
            Console.standardOutput.write(bundle.text)
            return
        }
        try bundle.write(to: URL(fileURLWithPath: output))
        try options.report(bundle) {
            let file = ShellWords.quoted(output)
            return """
                Wrote \(output): the \(bundle.systemCertificates) system CAs of \(bundle.systemFile) and \(bundle.hostCertificates == 1 ? "the CA" : "\(bundle.hostCertificates) CAs") of \(bundle.host).
                These flags replace the system CAs, so give them this file:
                  helm … --ca-file \(file)
                  oras … --ca-file \(file)
                  cosign … --registry-cacert \(file)
                  oc image … --certificate-authority \(file)
                or, for any Go tool, curl or OpenSSL: SSL_CERT_FILE=\(file)
                """
        }
    }
}
