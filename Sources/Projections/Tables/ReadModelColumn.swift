import Foundation
public import ICPDomain
public import Postgres

/// One column of a read-model table: its name and SQL type as the migrations declare them, how
/// a row's value is written for COPY, and how it is read back from a query's result.
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
    let write: @Sendable (Row) -> CopyField
    let read: @Sendable (PostgresRow, Int, inout Row) throws -> Void

    init(
        _ name: String, _ sqlType: String, nullable: Bool = false, write: @escaping @Sendable (Row) -> CopyField,
        read: @escaping @Sendable (PostgresRow, Int, inout Row) throws -> Void
    ) {
        self.name = name
        self.sqlType = sqlType
        self.nullable = nullable
        self.write = write
        self.read = read
    }

    static func uuid(_ name: String, _ path: any WritableKeyPath<Row, UUID> & Sendable) -> Self {
        Self(name, "uuid", write: { CopyText.uuid($0[keyPath: path]) }, read: { $2[keyPath: path] = try $0.column($1) })
    }

    static func uuid(_ name: String, _ path: any WritableKeyPath<Row, UUID?> & Sendable) -> Self {
        Self(
            name, "uuid", nullable: true, write: { $0[keyPath: path].map(CopyText.uuid) ?? nil },
            read: { $2[keyPath: path] = try $0.column($1) })
    }

    static func text(_ name: String, _ path: any WritableKeyPath<Row, String> & Sendable, type: String = "text") -> Self {
        Self(name, type, write: { $0[keyPath: path] }, read: { $2[keyPath: path] = try $0.column($1) })
    }

    static func text(_ name: String, _ path: any WritableKeyPath<Row, String?> & Sendable, type: String = "text") -> Self {
        Self(name, type, nullable: true, write: { $0[keyPath: path] }, read: { $2[keyPath: path] = try $0.column($1) })
    }

    static func integer(_ name: String, _ path: any WritableKeyPath<Row, Int> & Sendable) -> Self {
        Self(name, "integer", write: { CopyText.int($0[keyPath: path]) }, read: { $2[keyPath: path] = try $0.column($1) })
    }

    static func integer(_ name: String, _ path: any WritableKeyPath<Row, Int?> & Sendable) -> Self {
        Self(
            name, "integer", nullable: true, write: { $0[keyPath: path].map(CopyText.int) ?? nil },
            read: { $2[keyPath: path] = try $0.column($1) })
    }

    static func double(_ name: String, _ path: any WritableKeyPath<Row, Double> & Sendable) -> Self {
        Self(name, "double precision", write: { CopyText.double($0[keyPath: path]) }, read: { $2[keyPath: path] = try $0.column($1) })
    }

    static func boolean(_ name: String, _ path: any WritableKeyPath<Row, Bool> & Sendable) -> Self {
        Self(name, "boolean", write: { CopyText.bool($0[keyPath: path]) }, read: { $2[keyPath: path] = try $0.column($1) })
    }

    static func time(_ name: String, _ path: any WritableKeyPath<Row, Timestamp> & Sendable) -> Self {
        Self(
            name, "timestamp with time zone", write: { CopyText.time($0[keyPath: path]) },
            read: { $2[keyPath: path] = try $0.column($1) })
    }

    static func time(_ name: String, _ path: any WritableKeyPath<Row, Timestamp?> & Sendable) -> Self {
        Self(
            name, "timestamp with time zone", nullable: true, write: { $0[keyPath: path].map(CopyText.time) ?? nil },
            read: { $2[keyPath: path] = try $0.column($1) })
    }

    static func day(_ name: String, _ path: any WritableKeyPath<Row, CalendarDay> & Sendable) -> Self {
        Self(name, "date", write: { CopyText.day($0[keyPath: path]) }, read: { $2[keyPath: path] = try $0.column($1) })
    }

    static func day(_ name: String, _ path: any WritableKeyPath<Row, CalendarDay?> & Sendable) -> Self {
        Self(
            name, "date", nullable: true, write: { $0[keyPath: path].map(CopyText.day) ?? nil },
            read: { $2[keyPath: path] = try $0.column($1) })
    }

    static func textArray(_ name: String, _ path: any WritableKeyPath<Row, [String]> & Sendable) -> Self {
        Self(name, "text[]", write: { CopyText.textArray($0[keyPath: path]) }, read: { $2[keyPath: path] = try $0.column($1) })
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
