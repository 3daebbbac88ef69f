import CLibPQ

/// The rows of one result, read straight from libpq's result buffer.
///
/// The underlying `PGresult` is freed when the last reference goes away, so a
/// result can never leak. Reading is thread-safe: the buffer is immutable.
public final class PostgresRows: @unchecked Sendable, RandomAccessCollection {
    private let result: OpaquePointer?
    /// Number of rows.
    public let count: Int
    /// Number of columns.
    public let columnCount: Int

    #if DEBUG
    private let tag: String
    #endif

    init(result: OpaquePointer?, tag: String = "") {
        self.result = result
        #if DEBUG
        self.tag = tag
        LiveResults.change(tag, +1)
        #endif
        // Names and the command tag are read on demand: in single-row mode there is one
        // result per row, so nothing per result may allocate more than it must.
        count = result.map { Int(PQntuples($0)) } ?? 0
        columnCount = result.map { Int(PQnfields($0)) } ?? 0
    }

    /// Column names in result order.
    public var columnNames: [String] {
        guard let result else { return [] }
        return (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
    }

    /// Rows affected by INSERT/UPDATE/DELETE/COPY (0 for other statements).
    public var affectedRows: Int {
        guard let result else { return 0 }
        return Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    func columnName(_ index: Int) -> String {
        guard let result, index < columnCount else { return "#\(index)" }
        return String(cString: PQfname(result, Int32(index)))
    }

    deinit {
        if let result { PQclear(result) }
        #if DEBUG
        LiveResults.change(tag, -1)
        #endif
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> PostgresRow {
        PostgresRow(rows: self, index: position)
    }

    /// The only row, or an error when there is not exactly one.
    public func single() throws -> PostgresRow {
        guard count == 1 else { throw PostgresError.unexpectedResult("expected one row, got \(count)") }
        return self[0]
    }

    func columnIndex(_ name: String) throws -> Int {
        for index in 0..<columnCount where columnName(index) == name { return index }
        throw PostgresError.noSuchColumn(name)
    }

    @usableFromInline
    func isNull(row: Int, column: Int) -> Bool {
        PQgetisnull(result, Int32(row), Int32(column)) == 1
    }

    /// The column's bytes; valid while this result lives.
    @usableFromInline
    func bytes(row: Int, column: Int) -> UnsafeBufferPointer<UInt8> {
        let length = Int(PQgetlength(result, Int32(row), Int32(column)))
        let pointer = UnsafeRawPointer(PQgetvalue(result, Int32(row), Int32(column))!)
        return UnsafeBufferPointer(start: pointer.assumingMemoryBound(to: UInt8.self), count: length)
    }
}

/// One row of a result. Decode columns by position or name, or the whole row as a tuple.
public struct PostgresRow: Sendable {
    @usableFromInline let rows: PostgresRows
    @usableFromInline let index: Int

    /// Decodes the row's leading columns as a tuple: `try row.decode((Int64, String?).self)`.
    public func decode<each T: PostgresDecodable>(_ types: (repeat each T).Type) throws -> (repeat each T) {
        var column = 0
        func next<U: PostgresDecodable>(_ type: U.Type) throws -> U {
            defer { column += 1 }
            return try self.column(column, as: type)
        }
        return (repeat try next((each T).self))
    }

    /// Decodes the column at a position. Inlinable, so that it is specialised for the column's
    /// type where it is called (the generic version looked up type metadata on every call).
    @inlinable
    public func column<T: PostgresDecodable>(_ column: Int, as type: T.Type = T.self) throws -> T {
        guard column < rows.columnCount else { throw PostgresError.noSuchColumn("#\(column)") }
        if rows.isNull(row: index, column: column) { return try nullValue(column, as: type) }
        let value = withExtendedLifetime(rows) { T.decode(postgresText: rows.bytes(row: index, column: column)) }
        guard let value else { throw typeMismatch(column, expected: T.postgresTypeName) }
        return value
    }

    @usableFromInline
    func nullValue<T: PostgresDecodable>(_ column: Int, as type: T.Type) throws -> T {
        if let optional = T.self as? any PostgresOptionalMarker.Type { return optional.postgresNull as! T }
        throw PostgresError.unexpectedNull(column: rows.columnName(column))
    }

    @usableFromInline
    func typeMismatch(_ column: Int, expected: String) -> PostgresError {
        .typeMismatch(
            column: rows.columnName(column), expected: expected,
            value: String(decoding: rows.bytes(row: index, column: column), as: UTF8.self))
    }

    /// Decodes the column with a name.
    public func column<T: PostgresDecodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        try column(try rows.columnIndex(name), as: type)
    }

    /// Whether the column at a position is NULL.
    public func isNull(_ column: Int) -> Bool { rows.isNull(row: index, column: column) }
}

/// Lets `Optional` columns decode SQL NULL as `nil`.
protocol PostgresOptionalMarker {
    static var postgresNull: Self { get }
}

extension Optional: PostgresOptionalMarker {
    static var postgresNull: Wrapped? { nil }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> Wrapped?? {
        Wrapped.decode(postgresText: text).map { .some($0) }
    }
    public static var postgresTypeName: String { Wrapped.postgresTypeName + "?" }
}

#if DEBUG
import Foundation

/// Counts results not yet freed, per connection `application_name`, so tests can prove
/// none leak (debug builds only).
enum LiveResults {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var values: [String: Int] = [:]

    static func change(_ tag: String, _ delta: Int) { lock.withLock { values[tag, default: 0] += delta } }
    static func count(_ tag: String) -> Int { lock.withLock { values[tag, default: 0] } }
}
#endif
