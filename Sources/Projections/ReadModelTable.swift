import Postgres

/// The read-model tables this module fills. Each is described once, by its row type's `table`
/// (columns with types, key, entity column); this list names them for the writer and the rebuild.
public enum ReadModelTable: String, CaseIterable, Sendable {
    case workspaces
    case workspaceMembers = "workspace_members"
    case icpList = "icp_list"
    case icpCurrent = "icp_current"
    case icpRevisions = "icp_revisions"
    case disqualifierRegistry = "disqualifier_registry"
    case findings

    /// The live table name.
    public var name: String { rawValue }

    /// The shadow table a rebuild fills before the swap.
    public var shadowName: String { rawValue + "_rebuild" }

    /// The columns, in COPY order, with their SQL types and nullability (from the table's description).
    public var columns: [(name: String, sqlType: String, nullable: Bool)] {
        func list<Row>(_ d: ReadModelTableDescription<Row>) -> [(name: String, sqlType: String, nullable: Bool)] {
            d.columns.map { ($0.name, $0.sqlType, $0.nullable) }
        }
        return switch self {
        case .workspaces: list(WorkspaceRow.table)
        case .workspaceMembers: list(WorkspaceMemberRow.table)
        case .icpList: list(ICPListRow.table)
        case .icpCurrent: list(ICPCurrentRow.table)
        case .icpRevisions: list(ICPRevisionRow.table)
        case .disqualifierRegistry: list(DisqualifierRow.table)
        case .findings: list(FindingRow.table)
        }
    }

    /// The primary-key columns, for a stable order when comparing contents.
    public var keyColumns: [String] {
        switch self {
        case .workspaces: WorkspaceRow.table.key
        case .workspaceMembers: WorkspaceMemberRow.table.key
        case .icpList: ICPListRow.table.key
        case .icpCurrent: ICPCurrentRow.table.key
        case .icpRevisions: ICPRevisionRow.table.key
        case .disqualifierRegistry: DisqualifierRow.table.key
        case .findings: FindingRow.table.key
        }
    }

    /// The column (after tenant_id) naming the entity whose rows these are; nil when the tenant is the entity.
    var entityColumn: String? {
        switch self {
        case .workspaces: WorkspaceRow.table.entityColumn
        case .workspaceMembers: WorkspaceMemberRow.table.entityColumn
        case .icpList: ICPListRow.table.entityColumn
        case .icpCurrent: ICPCurrentRow.table.entityColumn
        case .icpRevisions: ICPRevisionRow.table.entityColumn
        case .disqualifierRegistry: DisqualifierRow.table.entityColumn
        case .findings: FindingRow.table.entityColumn
        }
    }

    /// `COPY table (columns…) FROM STDIN` into the live table or a shadow of it.
    func copyStatement(into table: String) -> PostgresQuery {
        "COPY \(identifier: table) (\(unsafeRaw: columns.map { quoteIdentifier($0.name) }.joined(separator: ", "))) FROM STDIN"
    }
}
