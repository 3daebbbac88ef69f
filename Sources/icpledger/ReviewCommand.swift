import ArgumentParser
import ICPDomain
import ICPLedger

/// `icpledger review record NAME --workspace W --outcome reaffirmed|revision-needed [--notes …]`.
struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Record the periodic (quarterly) review of an ICP, or close the after-the-fact review of an emergency publication.",
        subcommands: [Record.self, ReviewCompleteCommand.self])

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a review; it restarts the review clock.")
        @Argument(help: "The ICP: id, name or name prefix.") var icp: String
        @Option(help: "The workspace, by name or id.") var workspace: String
        @Option(help: "reaffirmed | revision-needed") var outcome: String
        @Option(help: "What the review found.") var notes: String?
        @OptionGroup var actor: ActorOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var connection: ConnectionOptions

        func validate() throws { _ = try CLIValues.outcome(outcome) }

        struct Recorded: Encodable {
            var workspace: String
            var icp: ICPID
            var name: String
            var outcome: String
        }

        func run() async throws {
            try await CommandFailure.reporting {
                let result = try CLIValues.outcome(outcome)
                try await connection.withGateway(label: "icpledger.review", actor: actor) { ledger in
                    let ws = try await ledger.workspace(named: workspace)
                    let summary = try await ledger.resolveICP(icp, in: ws.id)
                    try await ledger.recordReview(summary.id, in: ws, outcome: result, notes: notes ?? "")
                    let word = result == .reaffirmed ? "reaffirmed" : "revision-needed"
                    if output.json { return try Output.json(Recorded(workspace: ws.name, icp: summary.id, name: summary.name, outcome: word)) }
                    Terminal.say("recorded review of \(summary.name): \(word)")
                }
            }
        }
    }
}
