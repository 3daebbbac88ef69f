import ArgumentParser
import ICPLedger
import SampleData

/// `icpledger demo [--workspace NAME]`: load the sample workspace through the application layer.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Load a sample workspace with a two-year ICP history (idempotent: an existing workspace of that name is left alone).")

    @Option(help: "Name of the sample workspace.")
    var workspace = "demo"

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await CommandFailure.reporting {
            try await database.withLedger(label: "icpledger.demo") { ledger in
                switch try await DemoWorkspace.load(into: ledger, name: workspace) {
                case .loaded(let id, let events):
                    Terminal.say("loaded workspace '\(workspace)' (\(id)): \(events) events. Try: icpledger icp list --workspace \(workspace)")
                case .alreadyPresent(let id):
                    Terminal.say("workspace '\(workspace)' (\(id)) already exists; nothing loaded")
                }
            }
        }
    }
}
