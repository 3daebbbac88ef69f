import Foundation
import Postgres
import PostgresTestSupport
import Projections
import Testing

/// Each read model is described once (its row type's `table`); the migrations must say the same.
@Suite("Every read-model description matches its migrated table, column for column")
struct ReadModelSchemaTests {
    @Test("names, order, types and nullability", arguments: ReadModelTable.allCases)
    func matchesSchema(_ table: ReadModelTable) async throws {
        let db = try await TestDatabase.create()
        let migrated = try await db.withConnection(db.system) { connection in
            try connection.query(
                """
                SELECT a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull
                FROM pg_attribute a WHERE a.attrelid = \(table.name)::regclass AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY a.attnum
                """
            ).map { try $0.decode((String, String, Bool).self) }
        }
        let described = table.columns
        #expect(described.map(\.name) == migrated.map(\.0), "\(table.name): column names or order differ")
        for (column, actual) in zip(described, migrated) {
            #expect(column.sqlType == actual.1, "\(table.name).\(column.name): described \(column.sqlType), migrated \(actual.1)")
            #expect(column.nullable == actual.2, "\(table.name).\(column.name): nullability differs")
        }
        let key = try await db.withConnection(db.system) { connection in
            try connection.query(
                """
                SELECT a.attname FROM pg_index i JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) ON true
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                WHERE i.indrelid = \(table.name)::regclass AND i.indisprimary ORDER BY k.n
                """
            ).map { try $0.column(0, as: String.self) }
        }
        #expect(table.keyColumns == key, "\(table.name): primary key differs")
    }
}
