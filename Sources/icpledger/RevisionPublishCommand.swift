import ArgumentParser
import ICPLedger

/// `icpledger revision publish NAME REV --workspace W [--effective YYYY-MM-DD]`.
struct RevisionPublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish", abstract: "Publish an approved revision; it operates from the effective day.")
    @OptionGroup var target: RevisionCommand.Target
    @OptionGroup var effective: EffectiveDayOption
    @OptionGroup var actor: ActorOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        try await RevisionCommand.decide(
            target, try .publish(effectiveOn: effective.day(), backdated: effective.backdated), actor: actor, output: output, connection: connection)
    }
}
