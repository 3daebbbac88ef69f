import Foundation
import PostgresTestSupport
import Testing

@testable import Postgres

@Suite("Queries over libpq")
struct QueryTests {
    @Test("interpolated values are bound as parameters, never spliced into the SQL")
    func bindsParameters() async throws {
        let db = try await TestDatabase.create()
        let hostile = "x'); DROP TABLE events; --"
        let query: PostgresQuery = "SELECT \(hostile)::text, \(42), \(Optional<String>.none)::text"
        #expect(query.sql == "SELECT $1::text, $2, $3::text")
        let (text, number, missing) = try await db.withConnection(db.owner) { connection in
            try connection.query(query).single().decode((String, Int, String?).self)
        }
        #expect(text == hostile)
        #expect(number == 42)
        #expect(missing == nil)
        let stillThere = try await db.withConnection(db.owner) { try $0.query("SELECT count(*) FROM events").single().column(0, as: Int.self) }
        #expect(stillThere == 0)
    }

    @Test("rows decode into typed tuples, and every supported type round-trips")
    func typedDecoding() async throws {
        let db = try await TestDatabase.create()
        let id = UUID()
        let date = Date(timeIntervalSince1970: 1_700_000_000.123456)
        let bytes = PostgresBytes([0, 1, 2, 254, 255])
        let words = PostgresArray(["a", #"b"c"#])
        let row = try await db.withConnection(db.owner) { connection in
            try connection.query(
                """
                SELECT \(id)::uuid, \(date)::timestamptz, \(bytes)::bytea, \(true)::bool, \(2.5)::float8,
                       \(Int64.max)::bigint, \(words)::text[]
                """
            ).single()
        }
        let (u, d, b, flag, real, big) = try row.decode((UUID, Date, PostgresBytes, Bool, Double, Int64).self)
        #expect(u == id)
        #expect(PostgresTimestamp.microseconds(of: d) == PostgresTimestamp.microseconds(of: date))
        #expect(b == bytes)
        #expect(flag)
        #expect(real == 2.5)
        #expect(big == Int64.max)
        #expect(try row.column(6, as: String.self) == #"{a,"b\"c"}"#)
    }

    @Test("a NULL where a value is required, or text of the wrong type, is a precise error")
    func decodingErrors() async throws {
        let db = try await TestDatabase.create()
        let rows = try await db.withConnection(db.owner) { try $0.query("SELECT NULL::text AS nothing, 'abc' AS word") }
        #expect(throws: PostgresError.self) { try rows[0].column("nothing", as: String.self) }
        do {
            _ = try rows[0].column("word", as: Int.self)
            Issue.record("expected a type mismatch")
        } catch let PostgresError.typeMismatch(column, expected, value) {
            #expect(column == "word")
            #expect(expected == "Int")
            #expect(value == "abc")
        }
        do {
            _ = try rows[0].column("nothing", as: Int.self)
            Issue.record("expected an unexpected NULL")
        } catch let PostgresError.unexpectedNull(column) {
            #expect(column == "nothing")
        }
    }

    @Test(
        "timestamps parse at any offset PostgreSQL prints, to the microsecond",
        arguments: [
            ("2026-03-31 12:00:00+00", Int64(1_774_958_400_000_000)),
            ("2026-03-31 14:00:00+02", Int64(1_774_958_400_000_000)),
            ("2026-03-31 07:30:00.5-04:30", Int64(1_774_958_400_500_000)),
            ("2024-02-29 23:59:59.999999+00", Int64(1_709_251_199_999_999)),
            ("1969-12-31 23:59:59.000001+00", Int64(-999_999)),
        ])
    func timestampParsing(text: String, micros: Int64) throws {
        let parsed = Array(text.utf8).withUnsafeBufferPointer { PostgresTimestamp.parseMicroseconds($0) }
        #expect(parsed == micros)
        let formatted = PostgresTimestamp.format(microseconds: micros)
        #expect(Array(formatted.utf8).withUnsafeBufferPointer { PostgresTimestamp.parseMicroseconds($0) } == micros)
    }

    @Test("a failed transaction is rolled back and the connection stays usable")
    func transactionRollback() async throws {
        let db = try await TestDatabase.create()
        let count = try await db.withConnection(db.owner) { connection in
            try connection.query("CREATE TABLE scratch (tenant_id uuid, n int PRIMARY KEY)")
            #expect(throws: PostgresError.self) {
                try connection.transaction { connection in
                    try connection.query("INSERT INTO scratch VALUES (gen_random_uuid(), 1)")
                    try connection.query("INSERT INTO scratch VALUES (gen_random_uuid(), 1)")
                }
            }
            #expect(connection.isIdle)
            return try connection.query("SELECT count(*) FROM scratch").single().column(0, as: Int.self)
        }
        #expect(count == 0)
    }

    @Test("a pipeline sends many statements at once and reports the first failure")
    func pipeline() async throws {
        let db = try await TestDatabase.create()
        try await db.withConnection(db.owner) { connection in
            let rows = try connection.pipeline(["SELECT 1", "SELECT \(2) + 1", "SELECT 'x'"])
            #expect(try rows.map { try $0.single().column(0, as: String.self) } == ["1", "3", "x"])
            #expect(throws: PostgresError.self) {
                try connection.pipeline(["BEGIN", "SELECT 1/0", "SELECT 1", "COMMIT"])
            }
            #expect(connection.isIdle)
            #expect(try connection.query("SELECT 7").single().column(0, as: Int.self) == 7)
        }
    }

    @Test("statements of one pipeline share one implicit transaction: a local setting carries over and a failure undoes all")
    func pipelineImplicitTransaction() async throws {
        let db = try await TestDatabase.create()
        try await db.withConnection(db.owner) { connection in
            try connection.query("CREATE TABLE implicit_tx (tenant_id uuid, n int PRIMARY KEY)")
            let rows = try connection.pipeline(["SELECT set_config('app.tenant', 'abc', true)", "SELECT current_setting('app.tenant')"])
            #expect(try rows[1].single().column(0, as: String.self) == "abc")
            #expect(try connection.query("SELECT current_setting('app.tenant', true)").single().column(0, as: String?.self) ?? "" == "")
            #expect(throws: PostgresError.self) {
                try connection.pipeline(["INSERT INTO implicit_tx VALUES (NULL, 1)", "INSERT INTO implicit_tx VALUES (NULL, 1)"])
            }
            #expect(try connection.query("SELECT count(*) FROM implicit_tx").single().column(0, as: Int.self) == 0)
            #expect(connection.isIdle)
        }
    }

    @Test("COPY moves rows in and out in bulk")
    func copy() async throws {
        let db = try await TestDatabase.create()
        let (stored, lines) = try await db.withConnection(db.owner) { connection -> (Int, [String]) in
            try connection.query("CREATE TABLE bulk (tenant_id uuid, n int, label text)")
            let chunks = (0..<3).map { chunk in
                Array((0..<100).map { "00000000-0000-0000-0000-000000000001\t\(chunk * 100 + $0)\tlabel \($0)\n" }.joined().utf8)
            }
            let stored = try connection.copyIn("COPY bulk FROM STDIN", chunks: chunks)
            var lines: [String] = []
            try connection.copyOut("COPY (SELECT n FROM bulk ORDER BY n) TO STDOUT") { lines.append(String(decoding: $0, as: UTF8.self)) }
            return (stored, lines)
        }
        #expect(stored == 300)
        #expect(lines.count == 300)
        #expect(lines.first == "0\n")
        #expect(lines.last == "299\n")
    }

    @Test("binary COPY hands over each row's fields as sent: integers, xid8, UUIDs, NULL and text with any character")
    func binaryCopy() async throws {
        let db = try await TestDatabase.create()
        let id = UUID()
        let tricky = "tab\there, newline\n, backslash \\ \"quoted\" é 🚀"
        struct Row: Equatable {
            var big: Int64
            var small: Int32
            var id: UUID
            var xid: Int64
            var label: String?
        }
        let (rows, empty) = try await db.withConnection(db.owner) { connection -> ([Row], Int) in
            var rows: [Row] = []
            // COPY takes no parameters; this test writes its constants into the statement on purpose.
            let count = try connection.copyOutBinary(
                PostgresQuery(
                    unsafeSQL: """
                        COPY (SELECT n * 10000000000, (-n)::int4, '\(id.uuidString)'::uuid, (n + 4000000000)::text::xid8,
                                     CASE WHEN n = 2 THEN NULL ELSE $t$\(tricky)$t$ || n END
                              FROM generate_series(1, 3) n ORDER BY n) TO STDOUT (FORMAT binary)
                        """)
            ) { row in
                #expect(row.fieldCount == 5)
                let big = try row.int64(), small = try row.int32(), uuid = try row.uuid(), xid = try row.int64()
                let label = try row.field().map { String(decoding: $0, as: UTF8.self) }
                rows.append(Row(big: big, small: small, id: uuid, xid: xid, label: label))
            }
            #expect(count == 3)
            let empty = try connection.copyOutBinary("COPY (SELECT 1 WHERE false) TO STDOUT (FORMAT binary)") { _ in
                Issue.record("no row expected")
            }
            return (rows, empty)
        }
        #expect(empty == 0)
        var expected: [Row] = []
        for n in 1...3 {
            let label: String? = n == 2 ? nil : tricky + String(n)
            expected.append(Row(big: Int64(n) * 10_000_000_000, small: Int32(-n), id: id, xid: 4_000_000_000 + Int64(n), label: label))
        }
        #expect(rows == expected)
    }

    @Test("binary COPY refuses text-format output and a field read as the wrong width, and the connection stays usable")
    func binaryCopyMismatch() async throws {
        let db = try await TestDatabase.create()
        let after = try await db.withConnection(db.owner) { connection throws -> Int in
            #expect(throws: PostgresError.self) {
                try connection.copyOutBinary("COPY (SELECT 1) TO STDOUT") { _ in }
            }
            #expect(throws: PostgresError.self) {
                try connection.copyOutBinary("COPY (SELECT 1::int4) TO STDOUT (FORMAT binary)") { row in _ = try row.int64() }
            }
            return try connection.query("SELECT 7").single().column(0, as: Int.self)
        }
        #expect(after == 7)
    }

    @Test("rows stream one at a time, in order; a failure midway, the server's or the caller's, leaves the connection usable")
    func rowStream() async throws {
        let db = try await TestDatabase.create()
        let tag = "stream-test-\(UUID().uuidString)"
        let settings = db.app.with(["application_name": tag])
        struct Stop: Error {}
        let (seen, serverFailed, callerStopped, afterwards) = try await db.withConnection(settings) { connection in
            var seen: [Int] = []
            let count = try connection.forEachRow("SELECT n, repeat('x', n) FROM generate_series(1, \(2000)) AS n") { row in
                let (n, text) = try row.decode((Int, String).self)
                #expect(text.count == n)
                seen.append(n)
            }
            #expect(count == 2000)
            var serverFailed: PostgresError? = nil
            var before = 0
            do {
                try connection.forEachRow("SELECT 1 / (n - 500) FROM generate_series(1, 1000) AS n") { _ in before += 1 }
            } catch let error as PostgresError { serverFailed = error }
            #expect(before < 500)
            var callerStopped = false
            var handed = 0
            do {
                try connection.forEachRow("SELECT n FROM generate_series(1, 1000) AS n") { _ in
                    handed += 1
                    if handed == 10 { throw Stop() }
                }
            } catch is Stop { callerStopped = true }
            #expect(handed == 10)
            return (seen, serverFailed, callerStopped, try connection.query("SELECT 42").single().column(0, as: Int.self))
        }
        #expect(seen == Array(1...2000))
        #expect(serverFailed?.sqlState == "22012")
        #expect(callerStopped)
        #expect(afterwards == 42)
        #expect(LiveResults.count(tag) == 0)
    }

    @Test("binary arrays of every supported element type arrive as sent")
    func binaryArrays() async throws {
        let db = try await TestDatabase.create()
        let texts = ["", "plain", "quote \" backslash \\ brace { } comma ,", "café 😀", "{\"json\":[1,2]}"]
        let ids = [UUID(), UUID()]
        let times = [
            Date(timeIntervalSince1970: -1_000_000_000.25), Date(timeIntervalSince1970: 0),
            Date(timeIntervalSince1970: 1_790_000_000.123456),
        ]
        let bytes = [PostgresBytes([]), PostgresBytes([0, 1, 254, 255])]
        let (readTexts, readIDs, readTimes, readBytes, sums, empty) = try await db.withConnection(db.app) { connection in
            (
                try connection.query("SELECT t FROM unnest(\(PostgresBinaryArray(texts))::text[]) WITH ORDINALITY AS x(t, i) ORDER BY i")
                    .map { try $0.column(0, as: String.self) },
                try connection.query("SELECT u FROM unnest(\(PostgresBinaryArray(ids))::uuid[]) WITH ORDINALITY AS x(u, i) ORDER BY i")
                    .map { try $0.column(0, as: UUID.self) },
                try connection.query("SELECT t FROM unnest(\(PostgresBinaryArray(times))::timestamptz[]) WITH ORDINALITY AS x(t, i) ORDER BY i")
                    .map { try $0.column(0, as: Date.self) },
                try connection.query("SELECT b FROM unnest(\(PostgresBinaryArray(bytes))::bytea[]) WITH ORDINALITY AS x(b, i) ORDER BY i")
                    .map { try $0.column(0, as: PostgresBytes.self) },
                try connection.query(
                    """
                    SELECT (SELECT sum(v) FROM unnest(\(PostgresBinaryArray([Int64.min + 1, 5, Int64.max]))::bigint[]) AS v)::text,
                           (SELECT sum(v) FROM unnest(\(PostgresBinaryArray([Int32(-7), 3]))::integer[]) AS v)
                    """
                ).single().decode((String, Int).self),
                try connection.query("SELECT cardinality(\(PostgresBinaryArray([String]()))::text[])").single().column(0, as: Int?.self)
            )
        }
        #expect(readTexts == texts)
        #expect(readIDs == ids)
        #expect(readTimes.map { PostgresTimestamp.microseconds(of: $0) } == times.map { PostgresTimestamp.microseconds(of: $0) })
        #expect(readBytes == bytes)
        #expect(sums.0 == "5")
        #expect(sums.1 == -4)
        #expect(empty == 0)
    }
}
