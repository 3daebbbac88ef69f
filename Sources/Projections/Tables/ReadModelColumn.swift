import Foundation
public import ICPDomain
public import Postgres

/// One column of a read-model table: its name and SQL type as the migrations declare them, how
/// a row's value is written for binary COPY, and how it is read back from a query's result.
///
/// A table's columns are declared once, in its `Row` type's `table` description; the projection
/// writes rows through it and the application's queries select and decode through it.
public struct ReadModelColumn<Row: Sendable>: Sendable {
    /// The column name.
    public let name: String
    /// The type as PostgreSQL's `format_type` spells it (`uuid`, `integer`, `timestamp with time zone`…).
    public let sqlType: String
    /// Whether the column allows NULL.
    public let nullable: Bool
    /// Appends the row's value as one binary COPY field (its length, then its bytes).
    let write: @Sendable (Row, inout [UInt8]) throws -> Void
    let read: @Sendable (PostgresRow, Int, inout Row) throws -> Void

    init(
        _ name: String, _ sqlType: String, nullable: Bool = false, write: @escaping @Sendable (Row, inout [UInt8]) throws -> Void,
        read: @escaping @Sendable (PostgresRow, Int, inout Row) throws -> Void
    ) {
        self.name = name
        self.sqlType = sqlType
        self.nullable = nullable
        self.write = write
        self.read = read
    }

    /// A column held in the stored property at `keyPath`, written for COPY with `encode` and
    /// read back as `Value`.
    private static func stored<Value: PostgresDecodable>(
        _ name: String, _ sqlType: String, _ keyPath: WritableKeyPath<Row, Value>,
        _ encode: @escaping @Sendable (Value, inout [UInt8]) throws -> Void
    ) -> Self {
        let field = StoredField(keyPath)
        return Self(name, sqlType, write: { try encode(field.get($0), &$1) }, read: { field.set(&$2, try $0.column($1)) })
    }

    /// A nullable column held in the stored property at `keyPath`: NULL for nil, else written with `encode`.
    private static func stored<Value: PostgresDecodable>(
        _ name: String, _ sqlType: String, _ keyPath: WritableKeyPath<Row, Value?>,
        _ encode: @escaping @Sendable (Value, inout [UInt8]) throws -> Void
    ) -> Self {
        let field = StoredField(keyPath)
        return Self(
            name, sqlType, nullable: true,
            write: { row, buffer in
                if let value = field.get(row) { try encode(value, &buffer) } else { CopyBinary.null(&buffer) }
            },
            read: { field.set(&$2, try $0.column($1)) })
    }

    static func uuid(_ name: String, _ keyPath: WritableKeyPath<Row, UUID>) -> Self {
        stored(name, "uuid", keyPath) { CopyBinary.uuid($0, &$1) }
    }

    static func uuid(_ name: String, _ keyPath: WritableKeyPath<Row, UUID?>) -> Self {
        stored(name, "uuid", keyPath) { CopyBinary.uuid($0, &$1) }
    }

    /// A `text` column, or a `jsonb` one (`type: "jsonb"`) holding JSON text.
    static func text(_ name: String, _ keyPath: WritableKeyPath<Row, String>, type: String = "text") -> Self {
        stored(name, type, keyPath, CopyBinary.textual(type))
    }

    static func text(_ name: String, _ keyPath: WritableKeyPath<Row, String?>, type: String = "text") -> Self {
        stored(name, type, keyPath, CopyBinary.textual(type))
    }

    static func integer(_ name: String, _ keyPath: WritableKeyPath<Row, Int>) -> Self {
        stored(name, "integer", keyPath, CopyBinary.integer)
    }

    static func integer(_ name: String, _ keyPath: WritableKeyPath<Row, Int?>) -> Self {
        stored(name, "integer", keyPath, CopyBinary.integer)
    }

    static func double(_ name: String, _ keyPath: WritableKeyPath<Row, Double>) -> Self {
        stored(name, "double precision", keyPath) { CopyBinary.double($0, &$1) }
    }

    static func boolean(_ name: String, _ keyPath: WritableKeyPath<Row, Bool>) -> Self {
        stored(name, "boolean", keyPath) { CopyBinary.boolean($0, &$1) }
    }

    static func time(_ name: String, _ keyPath: WritableKeyPath<Row, Timestamp>) -> Self {
        stored(name, "timestamp with time zone", keyPath, CopyBinary.time)
    }

    static func time(_ name: String, _ keyPath: WritableKeyPath<Row, Timestamp?>) -> Self {
        stored(name, "timestamp with time zone", keyPath, CopyBinary.time)
    }

    static func day(_ name: String, _ keyPath: WritableKeyPath<Row, CalendarDay>) -> Self {
        stored(name, "date", keyPath, CopyBinary.day)
    }

    static func day(_ name: String, _ keyPath: WritableKeyPath<Row, CalendarDay?>) -> Self {
        stored(name, "date", keyPath, CopyBinary.day)
    }

    static func textArray(_ name: String, _ keyPath: WritableKeyPath<Row, [String]>) -> Self {
        stored(name, "text[]", keyPath, CopyBinary.textArray)
    }
}

/// A stored property of a row struct, reached through its byte offset.
///
/// Applying a key path goes through the runtime's generic projection, which instantiates type
/// metadata on every call; a rebuild writes millions of fields, and that cost showed up as a
/// tenth of its time. A stored property of a struct sits at a fixed offset
/// (`MemoryLayout.offset(of:)`), so reading and writing it there is a plain load and store.
struct StoredField<Row, Value>: @unchecked Sendable {
    private let offset: Int

    /// Fails (a programming error) unless `keyPath` names a stored property of `Row` itself.
    init(_ keyPath: WritableKeyPath<Row, Value>) {
        guard let offset = MemoryLayout<Row>.offset(of: keyPath) else {
            preconditionFailure("\(keyPath) is not a stored property of \(Row.self)")
        }
        self.offset = offset
    }

    func get(_ row: Row) -> Value {
        withUnsafeBytes(of: row) { $0.load(fromByteOffset: offset, as: Value.self) }
    }

    func set(_ row: inout Row, _ value: Value) {
        withUnsafeMutableBytes(of: &row) { bytes in
            bytes.baseAddress!.advanced(by: offset).assumingMemoryBound(to: Value.self).pointee = value
        }
    }
}

extension Timestamp: PostgresDecodable {
    /// Reads timestamptz output as whole microseconds, exactly as written.
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        PostgresTimestamp.parseMicroseconds(text).map(Timestamp.init(microsecondsSinceEpoch:))
    }
}

extension CalendarDay: PostgresDecodable {
    /// Reads a `date` column (`YYYY-MM-DD`).
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> CalendarDay? {
        CalendarDay(String(decoding: text, as: UTF8.self))
    }
}
