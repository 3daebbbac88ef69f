import Foundation
import PostgresTestSupport
import Testing

@testable import Postgres

@Suite("Connection pool, LISTEN/NOTIFY and resource hygiene", .serialized)
struct PoolTests {
    @Test("the pool never opens more connections than its bound, under many concurrent tasks")
    func bounded() async throws {
        let db = try await TestDatabase.create()
        // 40 callers share 3 connections: on a loaded machine some wait long, which is not what this test is about.
        let pool = PostgresPool(settings: db.app, maxConnections: 3, acquireTimeout: .seconds(300))
        let name = db.name
        let peak = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    try await pool.withConnection { connection in
                        try connection.query("SELECT pg_sleep(0.01)")
                        return try connection.query("SELECT count(*) FROM pg_stat_activity WHERE datname = \(name)")
                            .single().column(0, as: Int.self)
                    }
                }
            }
            return try await group.reduce(0) { max($0, $1) }
        }
        #expect(peak <= 3)
        #expect(peak >= 1)
        await pool.close()
    }

    @Test("no result or connection outlives its use, over thousands of iterations")
    func noLeaks() async throws {
        let db = try await TestDatabase.create()
        // Counted under a name of their own, so parallel tests do not disturb the counts.
        let tag = "leak-test-\(UUID().uuidString)"
        let settings = db.app.with(["application_name": tag])
        let pool = PostgresPool(settings: settings, maxConnections: 2)
        for index in 0..<2000 {
            _ = try await pool.query("SELECT \(index), repeat('x', 100)")
            if index % 100 == 0 {
                // Errors free their results too.
                await #expect(throws: PostgresError.self) { try await pool.query("SELECT nonsense_column") }
                _ = try await pool.withConnection { try $0.pipeline(["SELECT 1", "SELECT 2"]) }
            }
        }
        await pool.close()
        for _ in 0..<200 {
            _ = try await db.withConnection(settings) { try $0.query("SELECT 1").count }
        }
        // Pool threads finish asynchronously; give them a moment.
        for _ in 0..<100 where LiveConnections.count(tag) != 0 {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(LiveResults.count(tag) == 0)
        #expect(LiveConnections.count(tag) == 0)
    }

    @Test("a notification sent after commit reaches the listener")
    func listenNotify() async throws {
        let db = try await TestDatabase.create()
        let listener = PostgresListener(settings: db.system, channels: ["test_channel"])
        var iterator = listener.notifications().makeAsyncIterator()
        let ready = await iterator.next()
        #expect(ready?.channel == "")
        _ = try await db.withConnection(db.app) { try $0.query("SELECT pg_notify('test_channel', \("hello"))") }
        let received = await iterator.next()
        #expect(received == PostgresNotification(channel: "test_channel", payload: "hello"))
        listener.stop()
    }
}

@Suite("The prepared-statement cache of a connection is bounded")
struct PreparedStatementCacheTests {
    @Test("distinct statement texts past the capacity deallocate the least recently used, and every statement still runs")
    func boundedCache() async throws {
        let db = try await TestDatabase.create()
        var settings = db.app
        settings.preparedStatementCapacity = 20
        let result = try await db.withConnection(settings) { connection in
            for index in 0..<200 {
                let value = try connection.query(PostgresQuery(unsafeSQL: "SELECT \(index)::int AS n\(index)")).single().column(0, as: Int.self)
                guard value == index else { throw PostgresError.unexpectedResult("got \(value) for \(index)") }
            }
            // A statement evicted long ago is prepared again when it comes back.
            let again = try connection.query(PostgresQuery(unsafeSQL: "SELECT 0::int AS n0")).single().column(0, as: Int.self)
            let count = try connection.query("SELECT count(*)::int FROM pg_prepared_statements").single().column(0, as: Int.self)
            return (again, count, connection.preparedStatementCount)
        }
        #expect(result.0 == 0)
        #expect(result.1 <= 20 && result.1 == result.2)
    }
}
