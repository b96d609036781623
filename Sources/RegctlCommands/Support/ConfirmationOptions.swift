import ArgumentParser

/// `--fingerprint` and `--yes`: how a CA nobody vouched for gets accepted.
struct ConfirmationOptions: ParsableArguments {
    @Option(name: .customLong("fingerprint"), help: "The SHA-256 fingerprint of a CA certificate to install; one for each certificate of a bundle.")
    var fingerprints: [String] = []

    @Flag(help: "Accept the CA the registry presents without a fingerprint (trust on first use), and replace a different one without asking.")
    var yes = false
}
