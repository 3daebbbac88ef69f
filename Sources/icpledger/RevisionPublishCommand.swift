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
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await RevisionCommand.decide(target, actor: actor, output: output, database: database, needs: .editor) { ledger, ws, icp, by in
            let day = try effective.day(in: ws)
            return try await ledger.publish(
                icp.id, in: ws.id, revision: target.revision, effectiveOn: day,
                backdated: effective.backdated, by: by)
        }
    }
}
