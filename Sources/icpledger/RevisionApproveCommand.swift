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
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await RevisionCommand.decide(target, actor: actor, output: output, database: database, needs: .approver) { ledger, ws, icp, by in
            try await ledger.approve(icp.id, in: ws.id, revision: target.revision, comment: comment, by: by)
        }
    }
}
