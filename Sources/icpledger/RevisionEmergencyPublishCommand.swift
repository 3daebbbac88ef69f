import ArgumentParser
import ICPLedger

/// `icpledger revision emergency-publish NAME REV --workspace W --justification TEXT`.
struct RevisionEmergencyPublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emergency-publish",
        abstract: "Publish without approval (admins only): records the bypass and opens an after-the-fact review.")
    @OptionGroup var target: RevisionCommand.Target
    @Option(help: "Why this cannot wait for approval (recorded).") var justification: String
    @Option(help: "The day it takes effect, YYYY-MM-DD (default: today in the workspace's time zone).") var effective: String?
    @OptionGroup var actor: ActorOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if let effective { _ = try CLIValues.day(effective, option: "--effective") }
    }

    func run() async throws {
        try await RevisionCommand.decide(target, actor: actor, output: output, database: database) { ledger, ws, icp, by in
            let day = try effective.map { try CLIValues.day($0, option: "--effective") } ?? CLIValues.today(ws)
            return try await ledger.emergencyPublish(icp.id, in: ws.id, revision: target.revision, effectiveOn: day,
                                                     justification: justification, by: by)
        }
        if !output.json { print("an after-the-fact review by another approver is now owed") }
    }
}
