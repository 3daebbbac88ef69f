import ByteText
import Foundation
import ICPDomain
import LedgerTestSupport
import Postgres
import PostgresTestSupport
import SchemaMigrations
import TestFixtures
import Testing

@testable import ICPLedger

/// A snapshot's rows are stored a thousand to a chunk (Schema/0018): every value comes back as it
/// went in, rows are read by position across chunks, and rows stored the 0017 way are moved.
@Suite("Snapshot rows in chunks")
struct SnapshotChunkTests {
    static let awkward: [SnapshotChunkText.Row] = [
        SnapshotChunkText.Row(
            row: 2, label: "Tab\there, new\nline, CR\r, back\\slash, \\N and NUL\u{0}", owner: "owner-0123456789abcdef", stage: nil,
            amount: -0.5, fields: #"["a\\\"b","\u0009",""]"#, scores: "72.5 B mxu|-d"),
        SnapshotChunkText.Row(row: 3, label: nil, owner: nil, stage: "\\N", amount: nil, fields: "[]", scores: ""),
        SnapshotChunkText.Row(row: 1_000_000, label: "Ünïcode 🎉", owner: "p-1", stage: "won", amount: 1e12, fields: #"["x"]"#, scores: "0 D |"),
    ]

    static func chunk(_ rows: [SnapshotChunkText.Row]) -> String {
        var text: [UInt8] = []
        for row in rows {
            DecimalText.append(row.row, to: &text)
            text.append(9)
            SnapshotChunkText.append(row.label, to: &text)
            text.append(9)
            SnapshotChunkText.append(row.owner, to: &text)
            text.append(9)
            SnapshotChunkText.append(row.stage, to: &text)
            text.append(9)
            if let amount = row.amount { DecimalText.append(amount, to: &text) } else { SnapshotChunkText.append(nil, to: &text) }
            text.append(9)
            SnapshotChunkText.append(row.fields, to: &text)
            text.append(9)
            SnapshotChunkText.append(row.scores, to: &text)
            text.append(10)
        }
        return String(decoding: text, as: UTF8.self)
    }

    @Test("tabs, line breaks, backslashes, NUL and the text \\N in any field read back as written; absent values stay absent")
    func roundTrip() throws {
        let text = Self.chunk(Self.awkward)
        #expect(text.split(separator: "\n").count == 3, "a row is one line")
        #expect(SnapshotChunkText.rows(text) == Self.awkward)
        #expect(SnapshotChunkText.rows("1\tx\n") == nil, "a line with too few fields is not a chunk")
        #expect(SnapshotChunkText.rows("1\t\\q\t\\N\t\\N\t\\N\t[]\t\n") == nil, "an unknown escape is not a chunk")
        #expect(SnapshotChunkText.rows("1\ta\t\\N\t\\N\t\\N\t[]\t") == nil, "a line must end")
    }

    @Test("a row's fields are written as JSON for the chunk and read back as they were, the owner's blank")
    func fieldsRoundTrip() throws {
        let fields = ["quote \" and back\\slash", "tab\t line\n cr\r nul\u{0} bell\u{7}", "", "Pat Smith", "Ünïcode 🎉", "\\N"]
        var text: [UInt8] = []
        ByteText.CSVRecord.with(fields) { SnapshotFieldsText.appendToChunk($0, blanking: 3, to: &text) }
        #expect(!text.contains(9) && !text.contains(10) && !text.contains(0), "nothing in the text can end a field or a line")
        let json = try #require(text.withUnsafeBufferPointer { SnapshotChunkText.unescaped($0) } ?? nil)
        var expected = fields
        expected[3] = ""
        #expect(SnapshotFieldsText.parse(json) == expected)
        // The byte reader the report's rescoring uses reads the same fields.
        var bytes: [UInt8] = [], ends: [Int] = []
        var parsed = false
        json.utf8CString.dropLast().map { UInt8(bitPattern: $0) }.withUnsafeBufferPointer {
            parsed = SnapshotFieldsText.parse($0, into: &bytes, ends: &ends)
        }
        #expect(parsed)
        let read = bytes.withUnsafeBufferPointer { b in ends.withUnsafeBufferPointer { CSVRecord(bytes: b, ends: $0).strings } }
        #expect(read == expected)
    }

    @Test("the in-place reader of a chunk gives each row's amount and fields as the row reader does")
    func inPlaceReader() throws {
        let text = Self.chunk(Self.awkward)
        var seen: [(Double?, String)] = []
        var scratch: [UInt8] = []
        let readable = Array(text.utf8).withUnsafeBufferPointer { chunk in
            SnapshotChunkText.forEachFields(chunk, scratch: &scratch) { amount, fields in
                seen.append((amount, String(decoding: fields, as: UTF8.self)))
            }
        }
        #expect(readable)
        #expect(seen.map(\.0) == Self.awkward.map(\.amount))
        #expect(seen.map(\.1) == Self.awkward.map(\.fields))
        for broken in ["1\tx\n", "1\ta\t\\N\t\\N\t\\N\t[]\t", "1\ta\tb\tc\tnot a number\t[]\t\n"] {
            #expect(!Array(broken.utf8).withUnsafeBufferPointer { SnapshotChunkText.forEachFields($0, scratch: &scratch) { _, _ in } }, "\(broken)")
        }
    }

    @Test("2,500 rows take three chunks; any page of them reads in order across chunk edges; erasing counts every row")
    func pagesAcrossChunks() async throws {
        let f = try await Fixture.make()
        let t = try await f.team()
        let icp = ICPID()
        try await f.ledger.draftICP(icp, in: t.workspace, owner: t.editor, definition: SampleICPs.fintechPlatforms, by: t.editor)
        try await f.ledger.approve(icp, in: t.workspace, revision: 1, by: t.approver)
        try await f.ledger.publish(icp, in: t.workspace, revision: 1, effectiveOn: CalendarDay("2025-01-01")!, by: t.editor)
        var csv = "name,industry,employees,acvUSD,amount\r\n"
        for row in 0..<2_500 { csv += "\"Account\t\(row)\\\",fintech,\(row % 700),\(row * 20),\(row)\r\n" }
        let result = try await f.ledger.importPipeline(
            .bytes(Array(csv.utf8)), options: PipelineImportOptions(day: CalendarDay("2025-03-31")!), in: t.workspace, by: t.editor)
        #expect(result.snapshot.rows == 2_500)
        let chunks = try await f.db.withConnection(f.db.superuser) {
            try $0.query("SELECT first_row, row_count FROM pipeline_snapshot_chunks ORDER BY first_row").map { try $0.decode((Int, Int).self) }
        }
        #expect(chunks.map(\.0) == [0, 1_000, 2_000] && chunks.map(\.1) == [1_000, 1_000, 500])

        for (offset, limit) in [(0, 5), (995, 10), (1_990, 25), (2_495, 100), (2_500, 10), (0, 2_500)] {
            let page = try await f.ledger.snapshotRows(result.snapshot.id, in: t.workspace, offset: offset, limit: limit)
            let expected = Array(offset..<min(offset + limit, 2_500))
            #expect(page.map(\.row) == expected.map { $0 + 2 }, "offset \(offset) limit \(limit)")
            #expect(page.map(\.label) == expected.map { "Account\t\($0)\\" })
            #expect(page.map(\.amount) == expected.map { Double($0) })
        }
        #expect(try await f.ledger.erasePipelineSnapshot(result.snapshot.id, in: t.workspace, by: t.admin) == 2_500)
        #expect(try await f.ledger.snapshotRows(result.snapshot.id, in: t.workspace).isEmpty)
    }

    @Test("rows stored the 0017 way move into chunks of 1,000 in row order, each tenant's to its own, every value intact")
    func migratesRowTable() async throws {
        let db = try await TestDatabase.createUnmigrated()
        let all = try Migration.load(from: TestDatabase.schemaDirectory)
        _ = try await db.withConnection(db.owner) { try Migrator(migrations: all.filter { $0.version <= 17 }).migrate($0) }
        let tenantA = UUID(), tenantB = UUID(), snapshotA = UUID(), snapshotB = UUID()
        // 1,001 rows in tenant A (stored out of order), the awkward ones first; two in tenant B.
        var rowsA = Self.awkward.map { row in
            var row = row
            row.label = row.label?.replacingOccurrences(of: "\u{0}", with: "")  // a text column cannot hold NUL
            return row
        }
        rowsA += (0..<998).map {
            SnapshotChunkText.Row(row: 2_000 + $0, label: "A\($0)", owner: nil, stage: nil, amount: Double($0), fields: "[]", scores: "1 D |")
        }
        let rowsB = [SnapshotChunkText.Row(row: 5, label: "B", owner: "p-2", stage: "open", amount: 1.25, fields: #"["B"]"#, scores: "90 A m|")]
        for (tenant, snapshot, rows) in [(tenantA, snapshotA, rowsA.reversed()), (tenantB, snapshotB, rowsB)] {
            try await db.withConnection(db.owner) { connection in
                try connection.transaction { connection in
                    try connection.query("SELECT set_config('app.tenant', \(tenant.uuidString.lowercased()), true)")
                    for row in rows {
                        try connection.query(
                            """
                            INSERT INTO pipeline_snapshot_rows (tenant_id, snapshot_id, row_number, label, owner, stage, amount, fields, scores)
                            VALUES (\(tenant), \(snapshot), \(row.row), \(row.label), \(row.owner), \(row.stage), \(row.amount), \(row.fields), \(row.scores))
                            """)
                    }
                }
            }
        }
        _ = try await db.withConnection(db.owner) { try Migrator(migrations: all).migrate($0) }

        for (tenant, expected, firsts) in [(tenantA, rowsA.sorted { $0.row < $1.row }, [0, 1_000]), (tenantB, rowsB, [0])] {
            let chunks = try await db.withConnection(db.owner) { connection in
                try connection.transaction { connection in
                    try connection.query("SELECT set_config('app.tenant', \(tenant.uuidString.lowercased()), true)")
                    return try connection.query("SELECT first_row, row_count, rows FROM pipeline_snapshot_chunks ORDER BY first_row")
                        .map { try $0.decode((Int, Int, String).self) }
                }
            }
            #expect(chunks.map(\.0) == firsts)
            let rows = try chunks.flatMap { first, count, text in
                let rows = try #require(SnapshotChunkText.rows(text))
                #expect(rows.count == count)
                return rows
            }
            #expect(rows == expected)
        }
        let oldTable = try await db.withConnection(db.owner) {
            try $0.query("SELECT to_regclass('pipeline_snapshot_rows')::text").single().column(0, as: String?.self)
        }
        #expect(oldTable == nil)
    }
}
