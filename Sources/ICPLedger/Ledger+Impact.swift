public import ICPDomain
import Postgres

/// An impact preview with the snapshot it was worked out on.
public struct SnapshotImpact: Sendable, Hashable, Codable {
    public var snapshot: SnapshotID
    public var day: CalendarDay
    public var preview: ImpactPreview
}

extension Ledger {
    /// The impact of a proposed definition of `icp` on the latest pipeline snapshot of the workspace:
    /// its rows scored under the revision in force now and under `proposed` (read through the
    /// workspace's field mapping). Nil when the workspace has no snapshot whose rows are kept.
    public func impactPreview(
        of proposed: ICPDefinition, revision: Int, icp: ICPID?, in workspace: WorkspaceID
    ) async throws -> SnapshotImpact? {
        guard let snapshot = try await latestPipelineSnapshot(in: workspace) else { return nil }
        let proposedScorer = try CompiledScorer(definition: proposed, revision: revision)
        var operating: CompiledScorer? = nil
        if let icp, let current = try await currentICP(icp, in: workspace) {
            operating = try? CompiledScorer(definition: current.definition, revision: current.revision)
        }
        let mapping = try await fieldMapping(in: workspace)
        let calculator = ImpactCalculator(
            operating: operating, proposed: proposedScorer, mapping: mapping, columns: snapshot.columns, amountColumn: snapshot.roles.amount)
        let preview = try await read(workspace) { connection in
            var calculator = calculator
            _ = try connection.forEachRow("SELECT rows FROM pipeline_snapshot_chunks WHERE snapshot_id = \(snapshot.id.uuid) ORDER BY first_row") {
                chunk in
                guard let rows = SnapshotChunkText.rows(try chunk.column(0, as: String.self)) else {
                    throw LedgerError.inconsistentHistory("the rows of snapshot \(snapshot.id) cannot be read")
                }
                for row in rows {
                    if let fields = SnapshotFieldsText.parse(row.fields) { calculator.add(fields) }
                }
            }
            return calculator.preview
        }
        return SnapshotImpact(snapshot: snapshot.id, day: snapshot.day, preview: preview)
    }
}
