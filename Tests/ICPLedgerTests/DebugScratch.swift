import EventStore
import Foundation
import ICPLedger
import Postgres
import PostgresTestSupport
import Testing

@Test("scratch feed debug")
func scratchFeed() async throws {
    let db = try await TestDatabase.create()
    let appended = try await SyntheticFeed.append(total: 6_000, app: db.app)
    let info = try await db.withConnection(db.system) { c -> String in
        let n = try c.query("SELECT count(*)::bigint, count(DISTINCT transaction_id)::bigint FROM events").single().decode((Int64, Int64).self)
        for q in ["SELECT min(transaction_id)::text || ' ' || min(position) || ' ' || max(position) FROM events",
                  "SELECT count(*)::text FROM events WHERE transaction_id < '1002'::xid8",
                  "SELECT string_agg(transaction_id::text || ':' || position, ',') FROM (SELECT * FROM events ORDER BY transaction_id, position LIMIT 5) x",
                  "SELECT string_agg(transaction_id::text || ':' || position, ',') FROM (SELECT * FROM events ORDER BY position LIMIT 5) x"] {
            print("SCRATCH q \(try c.query(PostgresQuery(sql: q)).single().column(0, as: String.self))")
        }
        let probe = try c.query("SELECT transaction_id::text || ':' || position FROM events WHERE (transaction_id, position) > (\("0")::xid8, \(Int64(0))) AND transaction_id < \("1272")::xid8 ORDER BY transaction_id, position LIMIT \(1000)")
        print("SCRATCH probe first=\(try probe[0].column(0, as: String.self)) n=\(probe.count)")
        let probe2 = try c.query("SELECT transaction_id::text || ':' || position FROM events WHERE (transaction_id, position) > ('0'::xid8, 0) AND transaction_id < '1272'::xid8 ORDER BY transaction_id, position LIMIT 1000")
        print("SCRATCH probe2 first=\(try probe2[0].column(0, as: String.self)) n=\(probe2.count)")
        let plan = try c.query("EXPLAIN SELECT 1 FROM events WHERE (transaction_id, position) > ('0'::xid8, 0) AND transaction_id < '1272'::xid8 ORDER BY transaction_id, position LIMIT 1000")
        for row in plan { print("SCRATCH plan \(try row.column(0, as: String.self))") }
        var cursor = FeedCursor.start
        var read = 0
        var batches = 0
        while true {
            let events = try EventStore.readAll(after: cursor, limit: 1000, on: c)
            read += events.count; batches += 1
            print("SCRATCH batch \(events.count) distinct=\(Set(events.map(\.id)).count) first=\(events.first?.cursor.description ?? "-") last=\(events.last?.cursor.description ?? "-")")
            let sqlCount = try c.query("SELECT count(*)::bigint FROM (SELECT 1 FROM events WHERE (transaction_id, position) > (\(String(cursor.transactionID))::xid8, \(cursor.position)) ORDER BY transaction_id, position LIMIT 1000) x").single().column(0, as: Int64.self)
            print("SCRATCH sql says \(sqlCount) after \(cursor)")
            if let last = events.last { cursor = last.cursor }
            if events.count < 1000 { break }
        }
        let xmin = try c.query("SELECT pg_snapshot_xmin(pg_current_snapshot())::text, (SELECT max(transaction_id)::text FROM events)").single().decode((String, String).self)
        return "count=\(n) read=\(read) batches=\(batches) cursor=\(cursor) xmin=\(xmin)"
    }
    print("SCRATCH appended=\(appended) \(info)")
}
