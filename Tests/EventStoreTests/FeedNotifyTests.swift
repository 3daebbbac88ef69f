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
}
