/// The read-model rows one or more entities contribute, by table.
struct ProjectedRows: Sendable {
    var workspaces: [WorkspaceRow] = []
    var workspaceMembers: [WorkspaceMemberRow] = []
    var icpList: [ICPListRow] = []
    var icpCurrent: [ICPCurrentRow] = []
    var icpRevisions: [ICPRevisionRow] = []
    var disqualifierRegistry: [DisqualifierRow] = []
    var findings: [FindingRow] = []

    /// Appends every row, in COPY text, to its table's buffer; returns how many rows each table got.
    func encode(into buffers: inout [ReadModelTable: [UInt8]]) -> [ReadModelTable: Int] {
        var counts: [ReadModelTable: Int] = [:]
        func add<Row>(_ rows: [Row], _ table: ReadModelTable, _ description: ReadModelTableDescription<Row>) {
            guard !rows.isEmpty else { return }
            var buffer = buffers.removeValue(forKey: table) ?? []
            for row in rows { description.append(row, to: &buffer) }
            buffers[table] = buffer
            counts[table] = rows.count
        }
        add(workspaces, .workspaces, WorkspaceRow.table)
        add(workspaceMembers, .workspaceMembers, WorkspaceMemberRow.table)
        add(icpList, .icpList, ICPListRow.table)
        add(icpCurrent, .icpCurrent, ICPCurrentRow.table)
        add(icpRevisions, .icpRevisions, ICPRevisionRow.table)
        add(disqualifierRegistry, .disqualifierRegistry, DisqualifierRow.table)
        add(findings, .findings, FindingRow.table)
        return counts
    }
}
