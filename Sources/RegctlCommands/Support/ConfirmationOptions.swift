import ArgumentParser

/// `--fingerprint` and `--yes`: how a CA nobody vouched for gets accepted.
struct ConfirmationOptions: ParsableArguments {
    @Option(help: "The SHA-256 fingerprint the CA must have.")
    var fingerprint: String?

    @Flag(help: "Accept the CA the registry presents without a fingerprint (trust on first use), and replace a different one without asking.")
    var yes = false
}
