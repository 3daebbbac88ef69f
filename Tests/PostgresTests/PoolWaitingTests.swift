import Foundation
import PostgresTestSupport
import Testing

@testable import Postgres

@Suite("Waiting for a pooled connection: timeout, cancellation, close")
struct PoolWaitingTests {
    @Test("a caller that waits past the acquire timeout gets poolTimeout; the pool then works and leaks nothing")
    func acquireTimeout() async throws {
        let db = try await TestDatabase.create()
        let tag = uniqueTag("timeout")
        let pool = PostgresPool(
            settings: db.app.with(["application_name": tag]), maxConnections: 1,
            acquireTimeout: .milliseconds(300))
        let holder = pool.hold(for: 6)
        #expect(await eventually { LiveConnections.count(tag) == 1 })  // the holder has the only connection

        do {
            try await pool.query("SELECT 1")
            Issue.record("a busy pool handed out a connection instead of timing out")
        } catch PostgresError.poolTimeout(let waited, let connections) {
            #expect(waited == .milliseconds(300))
            #expect(connections == 1)
        }
        // The holder still has the connection: the caller gave up without waiting for it (a check of
        // state, not of elapsed time, so a loaded machine cannot fail it).
        #expect(await pool.counts().idle == 0, "the timeout fired while the holder still held the only connection")
        #expect(
            PostgresError.poolTimeout(waited: .milliseconds(300), connections: 1).description
                == "no database connection became free within 300 ms: the pool's only connection stayed busy")
        #expect(
            PostgresError.poolTimeout(waited: .seconds(10), connections: 8).description
                == "no database connection became free within 10 s: all 8 pooled connections stayed busy")
        #expect(await pool.counts().waiting == 0)

        try await holder.value
        let backends = try await pool.query("SELECT count(*) FROM pg_stat_activity WHERE application_name = \(tag)")
            .single().column(0, as: Int.self)
        #expect(backends == 1)
        let counts = await pool.counts()
        #expect(counts.open == 1 && counts.idle == 1 && counts.waiting == 0)
        await pool.close()
        #expect(await eventually { LiveConnections.count(tag) == 0 })
    }

    @Test("callers racing short timeouts against releases never lose a connection")
    func timeoutRace() async throws {
        let db = try await TestDatabase.create()
        let tag = uniqueTag("timeout-race")
        let pool = PostgresPool(
            settings: db.app.with(["application_name": tag]), maxConnections: 2,
            acquireTimeout: .milliseconds(15))
        let (served, timedOut) = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<60 {
                group.addTask {
                    do {
                        try await pool.query("SELECT pg_sleep(0.01)")
                        return true
                    } catch PostgresError.poolTimeout {
                        return false
                    }
                }
            }
            return try await group.reduce(into: (0, 0)) { counts, served in
                if served { counts.0 += 1 } else { counts.1 += 1 }
            }
        }
        #expect(served > 0)
        #expect(timedOut > 0, "no caller timed out, so nothing raced")
        #expect(served + timedOut == 60)
        // Every connection the pool opened is back in it: none went to a caller that had given up.
        let counts = await pool.counts()
        #expect(counts.waiting == 0)
        #expect(counts.open == counts.idle)
        #expect(counts.open <= 2)
        #expect(LiveConnections.count(tag) == counts.open)
        await pool.close()
        #expect(await eventually { LiveConnections.count(tag) == 0 })
    }

    @Test("cancelling a waiting caller ends its wait at once and removes it")
    func cancelWhileWaiting() async throws {
        let db = try await TestDatabase.create()
        let tag = uniqueTag("cancel")
        let pool = PostgresPool(settings: db.app.with(["application_name": tag]), maxConnections: 1)
        let holder = pool.hold(for: 6)
        #expect(await eventually { LiveConnections.count(tag) == 1 })

        let waiter = Task { try await pool.query("SELECT 1") }
        #expect(await eventually { await pool.counts().waiting == 1 })
        let cancelled = ContinuousClock.now
        waiter.cancel()
        let result = await waiter.result
        #expect(ContinuousClock.now - cancelled < .seconds(5), "the cancelled caller kept waiting for the holder")
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(await pool.counts().waiting == 0)

        try await holder.value
        try await pool.query("SELECT 1")
        let counts = await pool.counts()
        #expect(counts.open == 1 && counts.idle == 1)
        await pool.close()
        #expect(await eventually { LiveConnections.count(tag) == 0 })
    }

    @Test("closing the pool fails waiting callers with poolClosed and closes every connection")
    func closeWhileWaiting() async throws {
        let db = try await TestDatabase.create()
        let tag = uniqueTag("close")
        let pool = PostgresPool(settings: db.app.with(["application_name": tag]), maxConnections: 1)
        let holder = pool.hold(for: 6)
        #expect(await eventually { LiveConnections.count(tag) == 1 })
        let waiters = (0..<3).map { _ in Task { try await pool.query("SELECT 1") } }
        #expect(await eventually { await pool.counts().waiting == 3 })

        await pool.close()
        for waiter in waiters {
            do {
                _ = try await waiter.value
                Issue.record("a waiter got a connection from a closed pool")
            } catch PostgresError.poolClosed {}
        }
        try await holder.value  // work already running finishes
        await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1") }
        #expect(await eventually { LiveConnections.count(tag) == 0 })
    }
}
