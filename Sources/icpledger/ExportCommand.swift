import ArgumentParser
import Foundation
import ICPDomain
import ICPLedger

/// `icpledger export --workspace W DIR`: the workspace's log, its checkpoints and their public keys,
/// for `icpledger verify --offline` (admins, direct database access).
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a workspace's events (their stored bytes), checkpoints and keys into a new folder, to verify offline.")

    @Option(help: "The workspace, by name or id.") var workspace: String
    @Argument(help: "A folder that does not exist yet.") var folder: String
    @OptionGroup var actor: ActorOptions
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await CommandFailure.reporting {
            try await database.withLedger(label: "icpledger.export") { ledger in
                let ws = try await ledger.workspace(named: workspace)
                let principal = try await actor.principal(ledger, ws, needs: .admin)
                let count = try await ledger.exportLog(ws.id, to: URL(fileURLWithPath: folder), by: principal)
                Terminal.say("wrote \(count) events of workspace \(TextEscaping.visible(ws.name)) to \(TextEscaping.visible(folder))")
            }
        }
    }
}
