import Foundation
import PostgresTestSupport
import Testing

@testable import Postgres

@Suite("Pooled connections whose server side is gone are replaced before use")
struct PoolLivenessTests {
    /// Opens `count` connections at once (so the pool keeps that many idle) and returns their backend pids.
    func warm(_ pool: PostgresPool, connections count: Int) async throws -> Set<Int> {
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<count {
                group.addTask {
                    try await pool.withConnection { connection in
                        try connection.query("SELECT pg_sleep(0.2)")
                        return try connection.query("SELECT pg_backend_pid()").single().column(0, as: Int.self)
                    }
                }
            }
            return try await group.reduce(into: []) { $0.insert($1) }
        }
    }

    /// Terminates every backend with this application name, as a superuser, waiting until they are gone.
    func terminateBackends(tagged tag: String, in db: TestDatabase) async throws -> Int {
        try await db.withConnection(db.superuser) { connection in
            try connection.query(
                """
                SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE application_name = \(tag)
                """
            ).count
        }
    }

    @Test("a connection tells, without a statement, that its backend was terminated")
    func checkWithoutStatement() async throws {
        let db = try await TestDatabase.create()
        let (before, after, sawFatal) = try await Blocking.run {
            let connection = try PostgresConnection(settings: db.app)
            let pid = try connection.query("SELECT pg_backend_pid()").single().column(0, as: Int.self)
            let before = connection.isStillConnected()
            let admin = try PostgresConnection(settings: db.superuser)
            try admin.query("SELECT pg_terminate_backend(\(pid), 5000)")
            return (before, connection.isStillConnected(), connection.serverEndedSession)
        }
        #expect(before)
        #expect(!after)
        #expect(sawFatal, "the server's FATAL message was not noticed")
    }

    @Test("after pg_terminate_backend of both idle connections, the next two queries succeed at the first try")
    func terminatedIdleConnections() async throws {
        let db = try await TestDatabase.create()
        let tag = uniqueTag("liveness")
        let pool = PostgresPool(settings: db.app.with(["application_name": tag]), maxConnections: 2)
        let before = try await warm(pool, connections: 2)
        #expect(before.count == 2)
        #expect(await pool.counts().idle == 2)
        #expect(try await terminateBackends(tagged: tag, in: db) == 2)

        var after: Set<Int> = []
        for _ in 0..<2 {
            after.insert(try await pool.query("SELECT pg_backend_pid()").single().column(0, as: Int.self))
        }
        #expect(after.isDisjoint(with: before), "a query ran on a terminated backend")
        // Both dead connections were closed, not kept or leaked.
        let counts = await pool.counts()
        #expect(counts.open == counts.idle && counts.open >= 1)
        #expect(await eventually { LiveConnections.count(tag) == counts.open })
        await pool.close()
        #expect(await eventually { LiveConnections.count(tag) == 0 })
    }

    @Test("concurrent callers after the backends were terminated all succeed")
    func terminatedUnderConcurrency() async throws {
        let db = try await TestDatabase.create()
        let tag = uniqueTag("liveness-concurrent")
        let pool = PostgresPool(settings: db.app.with(["application_name": tag]), maxConnections: 2)
        _ = try await warm(pool, connections: 2)
        #expect(try await terminateBackends(tagged: tag, in: db) == 2)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<8 {
                group.addTask { _ = try await pool.query("SELECT \(index), pg_sleep(0.01)") }
            }
            try await group.waitForAll()
        }
        let counts = await pool.counts()
        #expect(counts.open == counts.idle && counts.open <= 2 && counts.waiting == 0)
        await pool.close()
        #expect(await eventually { LiveConnections.count(tag) == 0 })
    }
}
