/// The read-model rows one or more entities contribute, by table.
struct ProjectedRows: Sendable {
    var workspaces: [WorkspaceRow] = []
    var workspaceMembers: [WorkspaceMemberRow] = []
    var icpList: [ICPListRow] = []
    var icpCurrent: [ICPCurrentRow] = []
    var icpRevisions: [ICPRevisionRow] = []
    var disqualifierRegistry: [DisqualifierRow] = []
    var findings: [FindingRow] = []

    /// Appends every row, in binary COPY form without the header and trailer (``CopyBinary``), to
    /// its table's buffer; returns how many rows each table got. Throws when a value does not fit
    /// its column; the buffers are then not to be sent.
    func encode(into buffers: inout [ReadModelTable: [UInt8]]) throws -> [ReadModelTable: Int] {
        var counts: [ReadModelTable: Int] = [:]
        func add<Row>(_ rows: [Row], _ table: ReadModelTable, _ description: ReadModelTableDescription<Row>) throws {
            guard !rows.isEmpty else { return }
            var buffer = buffers.removeValue(forKey: table) ?? []
            defer { buffers[table] = buffer }
            for row in rows { try description.append(row, to: &buffer) }
            counts[table] = rows.count
        }
        try add(workspaces, .workspaces, WorkspaceRow.table)
        try add(workspaceMembers, .workspaceMembers, WorkspaceMemberRow.table)
        try add(icpList, .icpList, ICPListRow.table)
        try add(icpCurrent, .icpCurrent, ICPCurrentRow.table)
        try add(icpRevisions, .icpRevisions, ICPRevisionRow.table)
        try add(disqualifierRegistry, .disqualifierRegistry, DisqualifierRow.table)
        try add(findings, .findings, FindingRow.table)
        return counts
    }
}
