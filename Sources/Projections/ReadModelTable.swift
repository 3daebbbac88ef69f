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
    public var columns: [(name: String, sqlType: String, nullable: Bool)] { layout.columns }

    /// The primary-key columns, for a stable order when comparing contents.
    public var keyColumns: [String] { layout.key }

    /// The column (after tenant_id) naming the entity whose rows these are; nil when the tenant is the entity.
    var entityColumn: String? { layout.entityColumn }

    /// The table's description, without its row type: worked out once per table.
    private var layout: TableLayout { Self.layouts[self]! }

    private static let layouts: [ReadModelTable: TableLayout] = Dictionary(
        uniqueKeysWithValues: allCases.map { table in
            let layout: TableLayout =
                switch table {
                case .workspaces: TableLayout(WorkspaceRow.table)
                case .workspaceMembers: TableLayout(WorkspaceMemberRow.table)
                case .icpList: TableLayout(ICPListRow.table)
                case .icpCurrent: TableLayout(ICPCurrentRow.table)
                case .icpRevisions: TableLayout(ICPRevisionRow.table)
                case .disqualifierRegistry: TableLayout(DisqualifierRow.table)
                case .findings: TableLayout(FindingRow.table)
                }
            return (table, layout)
        })

    /// `COPY table (columns…) FROM STDIN (FORMAT binary)` into the live table or a shadow of it.
    func copyStatement(into table: String) -> PostgresQuery {
        "COPY \(identifier: table) (\(unsafeRaw: columns.map { quoteIdentifier($0.name) }.joined(separator: ", "))) FROM STDIN (FORMAT binary)"
    }

    /// Copies rows encoded by ``ProjectedRows/encode(into:)`` (any number of buffers, in order) into
    /// `table`, which has this table's columns, in one binary COPY; returns the rows stored.
    @discardableResult
    func copy(_ buffers: [[UInt8]], into table: String, on connection: PostgresConnection) throws -> Int {
        try connection.copyIn(copyStatement(into: table), chunks: [CopyBinary.header] + buffers + [CopyBinary.trailer])
    }
}

/// What the writer and the rebuild need of a table's description, whatever its row type.
private struct TableLayout: Sendable {
    let columns: [(name: String, sqlType: String, nullable: Bool)]
    let key: [String]
    let entityColumn: String?

    init<Row>(_ description: ReadModelTableDescription<Row>) {
        columns = description.columns.map { ($0.name, $0.sqlType, $0.nullable) }
        key = description.key
        entityColumn = description.entityColumn
    }
}
