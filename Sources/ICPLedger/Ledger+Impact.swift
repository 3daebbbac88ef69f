import ByteText
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
            _ = try connection.forEachRow("SELECT fields FROM pipeline_snapshot_rows WHERE snapshot_id = \(snapshot.id.uuid)") { row in
                if let fields = SnapshotFieldsText.parse(try row.column(0, as: String.self)) { calculator.add(fields) }
            }
            return calculator.preview
        }
        return SnapshotImpact(snapshot: snapshot.id, day: snapshot.day, preview: preview)
    }
}

/// The `fields` column of a snapshot row: a JSON array of strings, as the import writes it.
enum SnapshotFieldsText {
    static func parse(_ text: String) -> [String]? {
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            guard bytes.first == UInt8(ascii: "["), bytes.last == UInt8(ascii: "]") else { return nil }
            var fields: [String] = []
            var i = 1
            let end = bytes.count - 1
            while i < end {
                guard bytes[i] == UInt8(ascii: "\"") else { return nil }
                var j = i + 1
                while j < end && bytes[j] != UInt8(ascii: "\"") { j += bytes[j] == 0x5C ? 2 : 1 }
                guard j < end, let field = JSONString.unescape(UnsafeBufferPointer(rebasing: bytes[(i + 1)..<j])) else { return nil }
                fields.append(field)
                i = j + 1
                if i < end {
                    guard bytes[i] == UInt8(ascii: ",") else { return nil }
                    i += 1
                }
            }
            return fields
        }
    }
}
