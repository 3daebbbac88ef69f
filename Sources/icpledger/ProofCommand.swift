import ArgumentParser
import EventStore
import Foundation
import ICPDomain
import ICPLedger

/// `icpledger proof --workspace W --icp ICP --revision N`: the inclusion proof that a revision's
/// publication is in a signed checkpoint of the log (any member, direct database access).
struct ProofCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proof",
        abstract: "Print the proof that a published revision is in a signed checkpoint of the workspace's log (JSON).",
        discussion: """
            Anyone holding the service's public key checks it with no database: \
            icpledger verify --proof FILE --public-key KEY. The proof carries the publication event's own bytes, so \
            the check also shows what was published, when and by whom.
            """)

    @Option(help: "The workspace, by name or id.") var workspace: String
    @Option(help: "The ICP, by name or id.") var icp: String
    @Option(help: "The revision's number.") var revision: Int
    @Option(help: "Write the proof to this file instead of the terminal.") var out: String?
    @OptionGroup var actor: ActorOptions
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard (1...1_000_000).contains(revision) else { throw ValidationError("--revision is a revision's number, from 1") }
    }

    func run() async throws {
        try await CommandFailure.reporting {
            let proof = try await database.withLedger(label: "icpledger.proof") { ledger in
                let ws = try await ledger.workspace(named: workspace)
                let principal = try await actor.principal(ledger, ws, needs: .viewer)
                let summary = try await ledger.resolveICP(icp, in: ws.id)
                return try await ledger.inclusionProof(of: revision, icp: summary.id, in: ws.id, by: principal)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let text = String(decoding: try encoder.encode(proof), as: UTF8.self) + "\n"
            guard let out else { return Terminal.say(text, terminator: "") }
            try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
            Terminal.complain(
                "icpledger: wrote the proof of event \(proof.index) in the checkpoint of \(proof.size) events to \(TextEscaping.visible(out))")
        }
    }
}
