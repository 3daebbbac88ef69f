import ArgumentParser
import ICPLedger

/// `icpledger revision publish NAME REV --workspace W [--effective YYYY-MM-DD]`.
struct RevisionPublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish", abstract: "Publish an approved revision; it operates from the effective day.")
    @OptionGroup var target: RevisionCommand.Target
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
            return try await ledger.publish(icp.id, in: ws.id, revision: target.revision, effectiveOn: day, by: by)
        }
    }
}
