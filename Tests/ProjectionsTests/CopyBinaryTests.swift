import Foundation
import ICPDomain
import Postgres
import PostgresTestSupport
import Testing

@testable import Projections

/// Read-model rows travel to PostgreSQL in binary COPY. Every kind of column, at its extremes,
/// must come back from the table as the value that went in, and a value no column can hold must be
/// refused before anything is sent.
@Suite("Binary COPY of read-model rows")
struct CopyBinaryTests {
    struct Probe: Sendable, Equatable {
        var id = 0
        var key = UUID(uuid: UUID_NULL)
        var parent: UUID? = nil
        var text = ""
        var note: String? = nil
        var json = "{}"
        var count: Int? = nil
        var ratio = 0.0
        var flag = false
        var at = Timestamp(microsecondsSinceEpoch: 0)
        var closedAt: Timestamp? = nil
        var day = CalendarDay(year: 2000, month: 1, day: 1)!
        var until: CalendarDay? = nil
        var names: [String] = []
    }

    static let table = ReadModelTableDescription<Probe>(
        "copy_probe", key: ["id"], entityColumn: nil, empty: { Probe() },
        [
            .integer("id", \.id), .uuid("key", \.key), .uuid("parent", \.parent), .text("text", \.text), .text("note", \.note),
            .text("json", \.json, type: "jsonb"), .integer("count", \.count), .double("ratio", \.ratio), .boolean("flag", \.flag),
            .time("at", \.at), .time("closed_at", \.closedAt), .day("day", \.day), .day("until", \.until),
            .textArray("names", \.names),
        ])

    static let createTable = """
        CREATE TEMP TABLE copy_probe (
            id integer PRIMARY KEY, key uuid NOT NULL, parent uuid, text text NOT NULL, note text, json jsonb NOT NULL,
            count integer, ratio double precision NOT NULL, flag boolean NOT NULL, at timestamptz NOT NULL,
            closed_at timestamptz, day date NOT NULL, until date, names text[] NOT NULL)
        """

    static func copy(_ rows: [Probe], on connection: PostgresConnection) throws -> Int {
        var buffer: [UInt8] = []
        for row in rows { try table.append(row, to: &buffer) }
        let columns = table.columnNames.map { "\"\($0)\"" }.joined(separator: ", ")
        return try connection.copyIn(
            PostgresQuery(unsafeSQL: "COPY copy_probe (\(columns)) FROM STDIN (FORMAT binary)"),
            chunks: [CopyBinary.header, buffer, CopyBinary.trailer])
    }

    static var extremes: [Probe] {
        let lowest = StorageLimits.instants.lowerBound, highest = StorageLimits.instants.upperBound
        var rows: [Probe] = []
        func add(_ edit: (inout Probe) -> Void) {
            var row = Probe(id: rows.count + 1, key: UUID())
            edit(&row)
            rows.append(row)
        }
        add { _ in }
        add {
            $0.parent = UUID()
            $0.text = "tab\there\nnew line\\back slash \\N \r carriage"
            $0.note = ""
            $0.json = #"{"a": [1, "x\ty"], "b": null}"#
            $0.count = Int(Int32.max)
            $0.ratio = -0.0
            $0.flag = true
            $0.at = Timestamp(microsecondsSinceEpoch: lowest)
            $0.closedAt = Timestamp(microsecondsSinceEpoch: highest)
            $0.day = CalendarDay(year: 1, month: 1, day: 1)!
            $0.until = CalendarDay(year: 9999, month: 12, day: 31)!
            $0.names = ["", "NULL", "a,b", "{x}", "\"quoted\"", "back\\slash", "é 🚀"]
        }
        add {
            $0.text = String(repeating: "ü", count: 300_000)
            $0.note = "\\N"
            $0.count = Int(Int32.min)
            $0.ratio = .greatestFiniteMagnitude
            $0.at = Timestamp(microsecondsSinceEpoch: -1)
            $0.closedAt = Timestamp(microsecondsSinceEpoch: 946_684_799_999_999)  // a microsecond before 2000
            $0.day = CalendarDay(year: 1999, month: 12, day: 31)!
            $0.until = CalendarDay(year: 2024, month: 2, day: 29)!
            $0.names = [String(repeating: "n", count: 70_000)]
        }
        add {
            $0.ratio = 0.1
            $0.count = 0
            $0.at = Timestamp(microsecondsSinceEpoch: 1_780_000_000_123_456)
            $0.day = CalendarDay(year: 2000, month: 1, day: 1)!
            $0.names = ["one"]
        }
        return rows
    }

    @Test("every column kind, at its extremes, reads back as written")
    func roundTrip() async throws {
        let db = try await TestDatabase.create()
        let rows = Self.extremes
        let back = try await db.withConnection(db.system) { connection in
            try connection.query(PostgresQuery(unsafeSQL: Self.createTable))
            #expect(try Self.copy(rows, on: connection) == rows.count)
            return try connection.query("SELECT \(Self.table.selectList()) FROM copy_probe ORDER BY id").map { try Self.table.decode($0) }
        }
        #expect(back.count == rows.count)
        for (stored, sent) in zip(back, rows) { #expect(stored == sent) }
    }

    @Test("the server reads the values as their text forms say: dates, instants, arrays, JSON")
    func serverView() async throws {
        let db = try await TestDatabase.create()
        let row = Self.extremes[1]
        let view = try await db.withConnection(db.system) { connection in
            try connection.query("SET TIME ZONE 'UTC'")
            try connection.query(PostgresQuery(unsafeSQL: Self.createTable))
            _ = try Self.copy([row], on: connection)
            return try connection.query(
                """
                SELECT day::text, until::text, at::text, closed_at::text, names = ARRAY['', 'NULL', 'a,b', '{x}', '"quoted"', 'back\\slash', 'é 🚀'],
                       array_length(names, 1), json->'a'->>1, parent IS NOT NULL, note = '', count, flag
                FROM copy_probe
                """
            ).single().decode((String, String, String, String, Bool, Int, String, Bool, Bool, Int, Bool).self)
        }
        #expect(view.0 == "0001-01-01")
        #expect(view.1 == "9999-12-31")
        #expect(view.2 == "0001-01-01 00:00:00+00")
        #expect(view.3 == "9999-12-31 23:59:59.999999+00")
        #expect(view.4)
        #expect(view.5 == 7)
        #expect(view.6 == "x\ty")
        #expect(view.7 && view.8)
        #expect(view.9 == Int(Int32.max))
        #expect(view.10)
    }

    @Test("an empty array is stored as '{}' is")
    func emptyArray() async throws {
        let db = try await TestDatabase.create()
        let empty = try await db.withConnection(db.system) { connection in
            try connection.query(PostgresQuery(unsafeSQL: Self.createTable))
            _ = try Self.copy([Probe(id: 1, key: UUID())], on: connection)
            return try connection.query("SELECT names = '{}'::text[], cardinality(names) FROM copy_probe").single().decode((Bool, Int).self)
        }
        #expect(empty.0)
        #expect(empty.1 == 0)
    }

    @Test("values no column can hold are refused while encoding", arguments: 0..<5)
    func refusals(_ index: Int) throws {
        var row = Probe(id: 1, key: UUID())
        switch index {
        case 0: row.count = Int(Int32.max) + 1
        case 1: row.id = Int(Int32.min) - 1
        case 2: row.at = Timestamp(microsecondsSinceEpoch: StorageLimits.instants.upperBound + 1)
        case 3: row.closedAt = Timestamp(microsecondsSinceEpoch: StorageLimits.instants.lowerBound - 1)
        default: row.until = CalendarDay(year: 0, month: 12, day: 31)!
        }
        var buffer: [UInt8] = []
        #expect(throws: CopyBinary.Unstorable.self) { try Self.table.append(row, to: &buffer) }
    }
}
