import ArgumentParser
import ICPLedger

/// `icpledger revision approve NAME REV --workspace W [--comment TEXT]`.
struct RevisionApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Approve a proposed revision (approvers and admins; never its proposer).")
    @OptionGroup var target: RevisionCommand.Target
    @Option(help: "A comment recorded with the approval (shown in 'icp history').") var comment: String?
    @OptionGroup var actor: ActorOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        try await RevisionCommand.decide(target, .approve(comment: comment), actor: actor, output: output, connection: connection)
    }
}
