import ArgumentParser
import ICPLedger

/// `icpledger revision emergency-publish NAME REV --workspace W --justification TEXT`.
struct RevisionEmergencyPublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emergency-publish",
        abstract: "Publish without approval (admins only): records the bypass and opens an after-the-fact review.")
    @OptionGroup var target: RevisionCommand.Target
    @Option(help: "Why this cannot wait for approval (recorded).") var justification: String
    @OptionGroup var effective: EffectiveDayOption
    @OptionGroup var actor: ActorOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        try await RevisionCommand.decide(
            target, try .emergencyPublish(effectiveOn: effective.day(), justification: justification, backdated: effective.backdated), actor: actor,
            output: output, connection: connection)
        if !output.json { Terminal.say("an after-the-fact review by another approver is now owed") }
    }
}
