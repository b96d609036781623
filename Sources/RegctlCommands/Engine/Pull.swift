import ArgumentParser
import RegctlCore

/// `regctl pull IMAGE`
struct Pull: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Pull an image with podman or docker, after checking trust and login.",
        discussion: Push.configuration.discussion
    )

    @OptionGroup var arguments: EngineHandoverArguments

    func run() async throws { try await arguments.request(.pull).run() }
}
