import ArgumentParser
import EventStore
import Foundation
import ICPDomain
import ICPLedger

/// `icpledger checkpoint create|list`: signed checkpoints of a workspace's log (admins, direct
/// database access: the signing key file must be on this machine).
struct CheckpointCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Sign a checkpoint of a workspace's event log, or list the checkpoints signed so far.",
        subcommands: [Create.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign the RFC 9162 Merkle root of the workspace's events with the key file and record it; prints the signed note.",
            discussion: """
                Keep the printed note outside the database too: `verify --offline` checks a later history against \
                it, so someone who rewrites the database cannot make it agree.
                """)

        @Option(help: "The workspace, by name or id.") var workspace: String
        @Option(help: "The signing key file (see `icpledger key create`).") var key: String
        @OptionGroup var actor: ActorOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var database: DatabaseOptions

        struct Made: Encodable {
            var origin: String
            var size: Int
            var root: String
            var keyId: String
            var note: String
        }

        func run() async throws {
            try await CommandFailure.reporting {
                let signer = try SigningKeyFile.read(key)
                try await database.withLedger(label: "icpledger.checkpoint") { ledger in
                    let ws = try await ledger.workspace(named: workspace)
                    let principal = try await actor.principal(ledger, ws, needs: .admin)
                    let issued = try await ledger.checkpoint(ws.id, signer: signer, by: principal)
                    if output.json {
                        return try Output.json(
                            Made(
                                origin: issued.checkpoint.origin, size: issued.checkpoint.size, root: issued.checkpoint.root.description,
                                keyId: issued.keyId, note: issued.note))
                    }
                    Terminal.say(TextEscaping.visible(issued.note, multiline: true))
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The workspace's checkpoints, oldest first.")
        @Option(help: "The workspace, by name or id.") var workspace: String
        @OptionGroup var output: OutputOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandFailure.reporting {
                try await database.withLedger(label: "icpledger.checkpoint") { ledger in
                    let ws = try await ledger.workspace(named: workspace)
                    let checkpoints = try await ledger.checkpoints(in: ws.id)
                    if output.json { return try Output.json(checkpoints) }
                    for recorded in checkpoints {
                        Terminal.say("\(recorded.checkpointedAt.date) size \(recorded.size) root \(recorded.root) key \(recorded.keyId)")
                    }
                }
            }
        }
    }
}
