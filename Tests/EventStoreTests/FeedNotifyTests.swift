import EventStore
import Foundation
import Postgres
import PostgresTestSupport
import Testing

/// The wake-up an append sends subscribers: one statement, its own transaction, which commits
/// without waiting for a WAL flush and leaves the session's settings as they were.
@Suite("Waking subscribers")
struct FeedNotifyTests {
    @Test("the NOTIFY reaches a listener, and the session's synchronous_commit is what it was before")
    func notifyReachesListener() async throws {
        let db = try await TestDatabase.create()
        let listener = PostgresListener(settings: db.system, channels: [EventStore.notificationChannel])
        defer { listener.stop() }
        var iterator = listener.notifications().makeAsyncIterator()
        _ = await iterator.next()  // the listener is ready
        let (before, after, inTransaction) = try await db.withConnection(db.app) { connection in
            let before = try connection.query("SHOW synchronous_commit").single().column(0, as: String.self)
            try connection.query("SET synchronous_commit = on")
            try EventStore.notify(tenant: UUID(), on: connection)
            let after = try connection.query("SHOW synchronous_commit").single().column(0, as: String.self)
            // The setting is the statement's transaction's alone: seen inside one, gone after it.
            let inTransaction = try connection.transaction { connection in
                try EventStore.notify(tenant: UUID(), on: connection)
                return try connection.query("SHOW synchronous_commit").single().column(0, as: String.self)
            }
            let afterTransaction = try connection.query("SHOW synchronous_commit").single().column(0, as: String.self)
            return (before, after == afterTransaction ? after : "changed", inTransaction)
        }
        #expect(["on", "off", "local", "remote_write", "remote_apply"].contains(before))
        #expect(after == "on")
        #expect(inTransaction == "off")
        let received = await iterator.next()
        #expect(received?.channel == EventStore.notificationChannel)
    }

    @Test("appends wake a listener once their window has passed: a burst of appends sends one NOTIFY, not one each", .timeLimit(.minutes(1)))
    func appendsAreCoalesced() async throws {
        let db = try await TestDatabase.create()
        let listener = PostgresListener(settings: db.system, channels: [EventStore.notificationChannel])
        defer { listener.stop() }
        let notifications = listener.notifications()
        var iterator = notifications.makeAsyncIterator()
        _ = await iterator.next()  // the listener is ready
        let pool = PostgresPool(settings: db.app, maxConnections: 2)
        let store = EventStore(pool: pool)
        let stream = Fixtures.stream()
        var head = StreamHead.empty(for: stream)
        let started = ContinuousClock.now
        // Fifty appends on one connection, one after another, inside a few 10 ms windows at most.
        for n in 1...50 { head = try await store.append([Fixtures.event(n)], to: stream, expecting: head).head }
        let burst = ContinuousClock.now - started
        let first = await iterator.next()
        #expect(first?.channel == EventStore.notificationChannel)
        // Whatever else the burst sent arrives within a window or two; count it.
        var more = 0
        let counting = Task {
            var iterator = notifications.makeAsyncIterator()
            while await iterator.next() != nil { more += 1 }
            return more
        }
        try await Task.sleep(for: .milliseconds(200))
        listener.stop()
        let extra = await counting.value
        // One NOTIFY per 10 ms window of the burst, at most (and a spare for the window's edges).
        let windows = Int(burst / .milliseconds(10)) + 2
        // (On a loaded machine an append can take longer than a window; then each may have its own.)
        #expect(1 + extra <= windows, "\(1 + extra) notifications for \(50) appends in \(burst)")
        await pool.close()
    }
}
