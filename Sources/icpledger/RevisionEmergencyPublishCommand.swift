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
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await RevisionCommand.decide(target, actor: actor, output: output, database: database, needs: .admin) { ledger, ws, icp, by in
            let day = try effective.day(in: ws)
            return try await ledger.emergencyPublish(
                icp.id, in: ws.id, revision: target.revision, effectiveOn: day,
                justification: justification, backdated: effective.backdated, by: by)
        }
        if !output.json { Terminal.say("an after-the-fact review by another approver is now owed") }
    }
}
