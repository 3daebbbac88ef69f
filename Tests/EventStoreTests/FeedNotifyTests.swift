import Foundation
import Logging
import Postgres
import PostgresTestSupport
import Testing

@testable import EventStore

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

    // The limit covers the whole test, waits included: in full runs it took 17–38 s, mostly waiting
    // for its test database (a full run creates them one at a time, `TestDatabase.creation`: 8 s of
    // 21 in one run) and for cooperative threads other tests keep busy. A one-minute limit failed it
    // now and then. The NOTIFY's own latency is checked below.
    @Test("appends wake a listener once their window has passed: a burst of appends sends one NOTIFY, not one each", .timeLimit(.minutes(10)))
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
        let latency = ContinuousClock.now - started - burst
        #expect(latency < .seconds(20), "the first NOTIFY came \(latency) after the burst")
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

    @Test("a NOTIFY that fails is logged and sent again a window later")
    func failedNotifyIsRetried() async throws {
        let sends = LockedCounter(), log = CollectedLog()
        let notifier = FeedNotifier(loop: .shared, window: .milliseconds(5), attempts: 3, logger: log.logger) {
            // The first NOTIFY fails, as one on a connection the server just ended would.
            if sends.increment() == 1 { throw PostgresError.connectionFailed("server closed the connection") }
        }
        notifier.poke()
        try await waitUntil { sends.value == 2 }
        try await Task.sleep(for: .milliseconds(100))
        #expect(sends.value == 2, "sent again once, then no more")
        #expect(log.messages.count == 1)
        #expect(log.messages.first?.contains("trying again") == true)
        #expect(log.metadata.first?["error"]?.contains("server closed the connection") == true)
    }

    @Test("a NOTIFY that keeps failing is tried a bounded number of times, and each failure is logged")
    func failingNotifyGivesUp() async throws {
        let sends = LockedCounter(), log = CollectedLog()
        let notifier = FeedNotifier(loop: .shared, window: .milliseconds(5), attempts: 3, logger: log.logger) {
            sends.increment()
            throw PostgresError.connectionFailed("no server")
        }
        notifier.poke()
        try await waitUntil { sends.value == 3 }
        try await Task.sleep(for: .milliseconds(100))
        #expect(sends.value == 3)
        #expect(log.messages.count == 3)
        #expect(log.messages.last?.contains("next poll") == true)
        // A later append schedules a NOTIFY of its own, with tries of its own.
        notifier.poke()
        try await waitUntil { sends.value >= 6 }
        try await Task.sleep(for: .milliseconds(100))
        #expect(sends.value == 6)
        #expect(log.messages.count == 6)
    }

    @Test("a NOTIFY due after its pool was closed is dropped quietly: a shutdown is not a failure to retry or warn of")
    func closedPoolEndsQuietly() async throws {
        let sends = LockedCounter(), log = CollectedLog()
        let notifier = FeedNotifier(loop: .shared, window: .milliseconds(5), attempts: 3, logger: log.logger) {
            sends.increment()
            throw PostgresError.poolClosed
        }
        notifier.poke()
        try await waitUntil { sends.value >= 1 }
        try await Task.sleep(for: .milliseconds(100))
        #expect(sends.value == 1)
        #expect(log.messages.isEmpty)
    }

    @Test("pokes while a NOTIFY waits for its window share it")
    func pokesCoalesce() async throws {
        let sends = LockedCounter(), log = CollectedLog()
        let notifier = FeedNotifier(loop: .shared, window: .milliseconds(50), logger: log.logger) { sends.increment() }
        for _ in 1...100 { notifier.poke() }
        try await waitUntil { sends.value >= 1 }
        try await Task.sleep(for: .milliseconds(150))
        #expect(sends.value == 1)
        #expect(log.messages.isEmpty)
    }

    /// Polls `condition` every millisecond for up to thirty seconds (the first seconds of a full
    /// run, while the test clusters start, can starve a test's task that long).
    func waitUntil(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out waiting")
                return
            }
            try await Task.sleep(for: .milliseconds(1))
        }
    }
}

/// A counter shared with the notifier's sending closure.
final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    @discardableResult func increment() -> Int {
        lock.withLock {
            count += 1
            return count
        }
    }
}

/// Collects what a logger logs at warning and above.
final class CollectedLog: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(String, Logger.Metadata)] = []
    var messages: [String] { lock.withLock { entries.map(\.0) } }
    var metadata: [[String: String]] { lock.withLock { entries.map { $0.1.mapValues { "\($0)" } } } }

    var logger: Logger { Logger(label: "test.notify") { _ in Handler(log: self) } }

    func add(_ message: String, _ metadata: Logger.Metadata) { lock.withLock { entries.append((message, metadata)) } }

    struct Handler: LogHandler {
        let log: CollectedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .warning
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(
            level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt
        ) {
            log.add(message.description, metadata ?? [:])
        }
    }
}
