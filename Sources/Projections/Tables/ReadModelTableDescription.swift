public import Postgres

/// A read-model table, described once: its name, its columns in COPY order, its key, and the
/// column (after the tenant) naming the entity whose rows it holds. The shape lives in Schema/;
/// `ReadModelSchemaTests` checks that every description matches the migrated table column for column.
public struct ReadModelTableDescription<Row: Sendable>: Sendable {
    /// The live table.
    public let name: String
    /// Every column, in the order rows are written.
    public let columns: [ReadModelColumn<Row>]
    /// The primary-key columns.
    public let key: [String]
    /// The column naming one projected entity's rows (after `tenant_id`); nil when the tenant is the entity.
    public let entityColumn: String?
    /// A row with every field at a placeholder value, filled in by `decode`.
    let empty: @Sendable () -> Row
    /// The column names, quoted, and joined for a SELECT list without an alias: worked out once,
    /// not on every query.
    private let quotedNames: [String]
    private let plainSelectList: String

    init(_ name: String, key: [String], entityColumn: String?, empty: @escaping @Sendable () -> Row, _ columns: [ReadModelColumn<Row>]) {
        self.name = name
        self.key = key
        self.entityColumn = entityColumn
        self.empty = empty
        self.columns = columns
        self.quotedNames = columns.map { quoteIdentifier($0.name) }
        self.plainSelectList = quotedNames.joined(separator: ", ")
    }

    /// The column names, in order.
    public var columnNames: [String] { columns.map(\.name) }

    /// Every column, for a SELECT list: `alias.col, alias.col, …` (the columns `decode` reads).
    public func selectList(alias: String? = nil) -> PostgresQuery {
        guard let alias else { return PostgresQuery(unsafeSQL: plainSelectList) }
        let prefix = quoteIdentifier(alias) + "."
        var list = ""
        list.reserveCapacity(plainSelectList.utf8.count + quotedNames.count * prefix.utf8.count)
        for (index, name) in quotedNames.enumerated() {
            if index > 0 { list += ", " }
            list += prefix
            list += name
        }
        return PostgresQuery(unsafeSQL: list)
    }

    /// Reads a row selected with ``selectList(alias:)`` starting at result column `offset`.
    public func decode(_ row: PostgresRow, offset: Int = 0) throws -> Row {
        var value = empty()
        for (index, column) in columns.enumerated() { try column.read(row, offset + index, &value) }
        return value
    }

    /// Appends a row to a binary COPY buffer (``CopyBinary``): its field count, then each field.
    /// Throws, leaving part of the row in the buffer, when a value does not fit its column.
    func append(_ row: Row, to buffer: inout [UInt8]) throws {
        CopyBinary.appendCount(columns.count, to: &buffer)
        for column in columns { try column.write(row, &buffer) }
    }
}
