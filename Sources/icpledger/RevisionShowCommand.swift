import ArgumentParser
import Foundation
import ICPDomain
import ICPFile
import ICPLedger

/// `icpledger revision show ICP REV --workspace W`: a revision as an approver reads it before
/// deciding — who proposed it and why, its changes against the revision in force, its lint, and
/// what it would move on the latest pipeline snapshot.
struct RevisionShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a revision: who proposed it and why, its changes, lint, and its impact on the latest pipeline snapshot.")

    @OptionGroup var target: RevisionCommand.Target
    @OptionGroup var output: OutputOptions
    @OptionGroup var actor: ActorOptions
    @OptionGroup var connection: ConnectionOptions

    struct Shown: Encodable {
        var icp: ICPID
        var revision: RevisionRecord
        var impact: SnapshotImpact?
    }

    func run() async throws {
        try await CommandFailure.reporting {
            let (icp, record, current, impact, names) = try await connection.withGateway(label: "icpledger.revision", actor: actor) { ledger in
                let ws = try await ledger.workspace(named: target.workspace)
                let icp = try await ledger.resolveICP(target.icp, in: ws.id)
                let record = try await ledger.revision(target.revision, of: icp.id, in: ws.id)
                let current = try await ledger.currentICP(icp.id, in: ws.id)
                let impact = try await ledger.impact(of: target.revision, icp: icp.id, in: ws)
                return (icp, record, current, impact, try await ledger.names(in: ws.id))
            }
            if output.json { return try Output.json(Shown(icp: icp.id, revision: record, impact: impact)) }
            var lines = [
                "Revision \(record.revision) of \(TextEscaping.visible(icp.name, limit: 80)): \(record.status.rawValue)"
                    + (record.inForce ? " (in force)" : "") + (record.emergency ? " (emergency)" : ""),
                "  proposed by \(TextEscaping.visible(names[record.proposer], limit: 60)) on \(Output.day(record.proposedAt, .gmt)) (UTC)",
                "  rationale: \(TextEscaping.visible(record.rationale, limit: 400))",
            ]
            if !record.approvers.isEmpty {
                lines.append("  approved by " + record.approvers.map { TextEscaping.visible(names[$0], limit: 60) }.joined(separator: ", "))
            }
            lines.append("")
            let plan = ICPPlan(operating: current?.definition, proposed: record.definition, operatingRevision: current?.revision)
            lines.append(plan.rendered().trimmingCharacters(in: .newlines))
            if let impact {
                lines.append("")
                lines += impact.preview.rendered(snapshotDay: impact.day)
            } else {
                lines.append("")
                lines.append("Impact: no pipeline snapshot yet (icpledger pipeline import shows what a revision would move).")
            }
            Terminal.say(lines.joined(separator: "\n"))
        }
    }
}
