import ArgumentParser
import RegctlCore

/// `regctl can-i pull|push IMAGE`
struct CanI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "can-i",
        abstract: "May you pull or push an image? Asks the cluster what its registry will ask.",
        discussion: """
            For a registry whose login is bound to a kubeconfig context, regctl sends the \
            cluster the SelfSubjectAccessReviews OpenShift's registry sends for the same \
            request, with the same token: get on imagestreams/layers to pull, get and update \
            to push, and create on imagestreams for a tag pushed to an image stream that does \
            not exist yet. Exit 0 when allowed, 1 when not, with the role to ask for and the \
            command an administrator runs. A project that does not exist looks the same as one \
            you may not use.
            """
    )

    @Argument(help: "pull or push.")
    var action: PushPull.Action

    @Argument(help: "The image: HOST[:PORT]/PROJECT/NAME[:TAG][@DIGEST].", completion: .imagePrefixes)
    var image: String

    @OptionGroup var options: ReportingOptions

    func run() async throws {
        options.apply()
        let environment = RegctlEnvironment.current
        let answer = try await RegistryRights(environment: environment, keyring: SecretServiceStore(environment: environment))
            .check(action, try ImageReference(image))
        try options.report(FixJSON(report: answer, fix: answer.fix)) {
            ([answer.summary] + (answer.fix.map { [$0.instruction] } ?? [])).joined(separator: "\n")
        }
        if !answer.allowed { throw ExitCode(ExitStatus.failed.rawValue) }
    }
}

extension PushPull.Action: ExpressibleByArgument {}
