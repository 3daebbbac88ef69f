import ArgumentParser
import Foundation
import ICPLedger

/// `icpledger revision reject NAME REV --workspace W --comment TEXT`.
struct RevisionRejectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject", abstract: "Reject a proposed revision, saying why (approvers and admins; never its proposer).")
    @OptionGroup var target: RevisionCommand.Target
    @Option(help: "Why the revision is rejected (recorded).") var comment: String?
    @OptionGroup var actor: ActorOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        guard let comment, !comment.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            FileHandle.standardError.write(Data("icpledger: error: a rejection needs a reason: pass --comment TEXT\n".utf8))
            throw ExitCode.failure
        }
        try await RevisionCommand.decide(target, .reject(reason: comment), actor: actor, output: output, connection: connection)
    }
}
