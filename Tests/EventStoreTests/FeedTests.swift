import EventStore
import Foundation
import Postgres
import PostgresTestSupport
import TestFixtures
import Testing

/// Collects what a handler was given, across threads.
final class Delivered: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [RecordedEvent] = []
    func append(_ batch: [RecordedEvent]) { lock.withLock { events += batch } }
    var all: [RecordedEvent] { lock.withLock { events } }
}

@Suite("Invariant 4: the feed never skips an event, even when commits come out of order", .serialized)
struct FeedTests {
    @Test("an event whose transaction is still open holds back later commits instead of being skipped")
    func outOfOrderCommit() async throws {
        let db = try await TestDatabase.create(on: .holdsTransactionsOpen)
        let system = db.systemPool()
        defer { Task { await system.close() } }
        let delivered = Delivered()
        let subscription = EventSubscription(name: "test", pool: system, listenerSettings: nil) { _, batch in delivered.append(batch) }
        let tenant = UUID()
        let slow = StreamID(tenant: tenant, name: "slow"), fast = StreamID(tenant: tenant, name: "fast")

        // The slow writer appends first (lower position) and keeps its transaction open.
        let slowConnection = UncheckedConnection(try PostgresConnection(settings: db.app))
        try slowConnection.value.query("BEGIN")
        try EventStore.setTenant(tenant, on: slowConnection.value)
        let slowResult = try EventStore.append([Fixtures.event(1)], to: slow, expecting: .empty(for: slow), on: slowConnection.value)

        // The fast writer appends later (higher position) and commits first.
        let app = db.appPool()
        defer { Task { await app.close() } }
        let fastResult = try await EventStore(pool: app).append([Fixtures.event(2)], to: fast, expecting: .empty(for: fast))
        #expect(fastResult.positions[0] > slowResult.positions[0])

        #expect(try await subscription.catchUp() == 0, "the committed later event must wait for the open earlier one")
        try slowConnection.value.query("COMMIT")
        try await subscription.catchUp(through: fastResult.cursor)
        #expect(delivered.all.map(\.stream.name) == ["slow", "fast"])
        #expect(try await subscription.catchUp() == 0, "nothing is delivered twice")
    }

    @Test("a replay by binary COPY returns exactly the feed that reads return: order, cursors, types and payload bytes")
    func copyFoldableMatchesFeed() async throws {
        let db = try await TestDatabase.create()
        let app = db.appPool()
        defer { Task { await app.close() } }
        let store = EventStore(pool: app)
        let payloads = [#"{"n":1}"#, #"{"text":"tab\tquote\" backslash\\ é 🚀 \u2028"}"#, #"[1, 2.5e3, null, true]"#, #"{ "spaced" : [ ] }"#]
        for tenant in [UUID(), UUID()] {
            for (index, payload) in payloads.enumerated() {
                let stream = Fixtures.stream(tenant: tenant)
                try await store.append(
                    [Fixtures.event(index, payload: payload), Fixtures.event(index + 10)], to: stream, expecting: .empty(for: stream))
            }
        }
        // The feed stops below the oldest transaction open anywhere in the cluster, and other tests
        // hold transactions open: wait until it has passed this test's own appends.
        try await Self.waitForFeed(db, count: 16)
        let (read, copied, last) = try await db.withConnection(db.system) { connection in
            let read = try EventStore.readAll(after: .start, limit: 1000, on: connection)
            var copied: [FoldableEvent] = []
            let last = try EventStore.copyFoldable(after: .start, on: connection) { copied.append($0) }
            return (read, copied, last)
        }
        try #require(read.count == 16)
        #expect(copied == read.map(FoldableEvent.init))
        #expect(last == read.last?.cursor)
        let resumeAfter = read[9].cursor
        let (rest, unchanged) = try await db.withConnection(db.system) { connection in
            var rest: [FoldableEvent] = []
            let unchanged = try EventStore.copyFoldable(after: resumeAfter, on: connection) { rest.append($0) }
            return (rest, unchanged)
        }
        #expect(rest.map(\.cursor) == read.dropFirst(10).map(\.cursor), "a replay resumes after its cursor")
        #expect(unchanged == read.last?.cursor)

        // Enough events for several of the replay's internal groups, with streams and types
        // alternating and repeating, and payloads of every length up to a few hundred bytes.
        let tenant = UUID()
        for round in 0..<3 {
            for name in ["a", "b", "a"] {
                let stream = Fixtures.stream("s-\(name)-\(round)", tenant: tenant)
                let events = (0..<230).map { n in
                    Fixtures.event(
                        n, type: n % 3 == 0 ? "Other.Thing" : "Thing.Happened",
                        payload: #"{"n":\#(n),"pad":"\#(String(repeating: "x", count: (n * 7) % 300))"}"#)
                }
                let head = try await store.head(of: stream)
                try await store.append(events, to: stream, expecting: head)
            }
        }
        try await Self.waitForFeed(db, count: 16 + 3 * 3 * 230)
        let (all, replayed) = try await db.withConnection(db.system) { connection in
            var replayed: [FoldableEvent] = []
            _ = try EventStore.copyFoldable(after: .start, on: connection) { replayed.append($0) }
            return (try EventStore.readAll(after: .start, limit: 10_000, on: connection), replayed)
        }
        #expect(all.count == 16 + 3 * 3 * 230)
        #expect(replayed == all.map(FoldableEvent.init))
    }

    /// Waits (up to a minute) until the gap-safe feed shows `count` events of this test's database.
    static func waitForFeed(_ db: TestDatabase, count: Int) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(60))
        while true {
            let seen = try await db.withConnection(db.system) { try EventStore.readAll(after: .start, limit: count + 1, on: $0).count }
            if seen >= count { return }
            guard clock.now < deadline else {
                Issue.record("the feed showed \(seen) of \(count) events after a minute")
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test("many concurrent writers with delayed commits and a live subscription: delivered sequence equals the table's")
    func concurrentWritersLiveSubscription() async throws {
        let db = try await TestDatabase.create()
        let system = db.systemPool(maxConnections: 2)
        let app = db.appPool(maxConnections: 8)
        defer {
            Task {
                await system.close()
                await app.close()
            }
        }
        let delivered = Delivered()
        let subscription = EventSubscription(
            name: "live", pool: system, listenerSettings: db.system, batchSize: 7,
            pollInterval: .milliseconds(200)
        ) { _, batch in delivered.append(batch) }
        let follower = Task { try await subscription.run() }

        let writers = 8, appendsPerWriter = 25
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    let tenant = UUID()
                    let stream = StreamID(tenant: tenant, name: "writer-\(writer)")
                    var head = StreamHead.empty(for: stream)
                    for n in 0..<appendsPerWriter {
                        let delay = Double((writer * 7 + n * 13) % 20) / 1000
                        let current = head
                        head = try await app.withConnection { connection in
                            let result = try connection.transaction { connection in
                                try EventStore.setTenant(tenant, on: connection)
                                let batch = (0..<(1 + n % 3)).map { Fixtures.event(writer * 1000 + n * 10 + $0) }
                                let result = try EventStore.append(batch, to: stream, expecting: current, on: connection)
                                try connection.query("SELECT pg_sleep(\(delay))")
                                return result
                            }
                            try EventStore.notify(tenant: tenant, on: connection)
                            return result.head
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let expected = try await system.withConnection { connection in
            try connection.query("SELECT event_id FROM events ORDER BY transaction_id, position").map { try $0.column(0, as: UUID.self) }
        }
        for _ in 0..<300 where delivered.all.count < expected.count {
            try await Task.sleep(for: .milliseconds(50))
        }
        follower.cancel()
        #expect(expected.count == (0..<appendsPerWriter).map { 1 + $0 % 3 }.reduce(0, +) * writers)
        #expect(delivered.all.map(\.id) == expected)
        #expect(Set(delivered.all.map(\.id)).count == delivered.all.count)
        // Each stream's events arrive in version order.
        for (_, events) in Dictionary(grouping: delivered.all, by: \.stream) {
            #expect(events.map(\.version) == Array(1...Int64(events.count)))
        }
    }

    @Test("transaction ids with more digits sort after shorter ones: the feed orders by the xid8, not its text")
    func numericOrderAcrossDigitBoundary() async throws {
        let db = try await TestDatabase.create()
        let system = db.systemPool(), app = db.appPool()
        defer {
            Task {
                await system.close()
                await app.close()
            }
        }
        let store = EventStore(pool: app)
        let tenant = UUID()
        let early = StreamID(tenant: tenant, name: "early"), late = StreamID(tenant: tenant, name: "late")
        let first = try await store.append([Fixtures.event(1)], to: early, expecting: .empty(for: early))

        // Use up transaction ids until the next one has one more decimal digit ("999" sorts after "1000" as text).
        var power: UInt64 = 10
        while power <= first.transactionID { power *= 10 }
        let boundary = power
        _ = try await app.withConnection { connection in
            try connection.query(
                PostgresQuery(unsafeSQL: "DO $$ BEGIN WHILE pg_current_xact_id() < '\(boundary)'::xid8 LOOP COMMIT; END LOOP; END $$"))
        }
        let second = try await store.append([Fixtures.event(2)], to: late, expecting: .empty(for: late))
        #expect(second.transactionID >= boundary)
        #expect(String(second.transactionID) < String(first.transactionID), "the ids compare the other way round as text")

        // One event per batch: a text-ordered read would hand over the later event first and move past the earlier one.
        let delivered = Delivered()
        let subscription = EventSubscription(name: "digits", pool: system, listenerSettings: nil, batchSize: 1) { _, batch in
            delivered.append(batch)
        }
        try await subscription.catchUp(through: second.cursor)
        #expect(delivered.all.map(\.stream.name) == ["early", "late"])
        #expect(try await subscription.status().cursor == second.cursor)

        let read = try await EventStore(pool: system).readAll(after: .start, limit: 2)
        #expect(read.map(\.cursor) == [first.cursor, second.cursor])
    }

    @Test("a durable checkpoint: a new subscription object with the same name resumes where the last stopped")
    func resumesFromCheckpoint() async throws {
        let db = try await TestDatabase.create()
        let system = db.systemPool(), app = db.appPool()
        defer {
            Task {
                await system.close()
                await app.close()
            }
        }
        let store = EventStore(pool: app)
        let stream = Fixtures.stream()
        let firstAppend = try await store.append((1...5).map { Fixtures.event($0) }, to: stream, expecting: .empty(for: stream))
        let first = Delivered()
        try await EventSubscription(name: "resume", pool: system, listenerSettings: nil) { _, b in first.append(b) }
            .catchUp(through: firstAppend.cursor)
        #expect(first.all.map(\.version) == [1, 2, 3, 4, 5])
        let secondAppend = try await store.append((6...8).map { Fixtures.event($0) }, to: stream, expecting: firstAppend.head)
        let second = Delivered()
        let again = EventSubscription(name: "resume", pool: system, listenerSettings: nil) { _, b in second.append(b) }
        try await again.catchUp(through: secondAppend.cursor)
        #expect(second.all.map(\.version) == [6, 7, 8])
        #expect(try await again.status().cursor == second.all.last?.cursor)
    }

    @Test("an event the handler cannot apply halts its tenant only: other tenants go on, nothing is skipped, resume redelivers")
    func haltsOnlyTheFailingTenant() async throws {
        struct Unappliable: Error {}
        let db = try await TestDatabase.create()
        let system = db.systemPool(), app = db.appPool()
        defer {
            Task {
                await system.close()
                await app.close()
            }
        }
        let store = EventStore(pool: app)
        let sick = Fixtures.stream(), healthy = Fixtures.stream()
        let first = try await store.append(
            [Fixtures.event(1), Fixtures.event(2, type: "Poison"), Fixtures.event(3)],
            to: sick, expecting: .empty(for: sick))
        let other = try await store.append((1...3).map { Fixtures.event($0) }, to: healthy, expecting: .empty(for: healthy))
        try await Self.waitForFeed(db, count: 6)
        let delivered = Delivered()
        let failing = EventSubscription(name: "halting", pool: system, listenerSettings: nil, batchSize: 4) { _, batch in
            if batch.contains(where: { $0.type == "Poison" }) { throw Unappliable() }
            delivered.append(batch)
        }
        try await failing.catchUp(through: other.cursor)
        #expect(delivered.all.filter { $0.stream == healthy }.map(\.version) == [1, 2, 3], "the other tenant is not held back")
        #expect(delivered.all.filter { $0.stream == sick }.map(\.version) == [1], "only the events before the poison are applied")
        let status = try await failing.status(tenant: sick.tenant)
        #expect(!status.isHalted, "the subscription as a whole goes on")
        let halt = try #require(status.tenantHalt)
        #expect(halt.streamVersion == 2 && halt.eventType == "Poison" && halt.stream == sick.name)
        #expect(halt.reason.contains("Unappliable"))
        #expect(try await failing.status(tenant: healthy.tenant).tenantHalt == nil)
        #expect(try await failing.haltedTenants().map(\.tenant) == [sick.tenant])

        // Later events of the halted tenant are passed over, the healthy one's are applied.
        let more = try await store.append([Fixtures.event(4)], to: sick, expecting: first.head)
        let more2 = try await store.append([Fixtures.event(4)], to: healthy, expecting: other.head)
        try await failing.catchUp(through: max(more.cursor, more2.cursor))
        #expect(delivered.all.filter { $0.stream == sick }.map(\.version) == [1])
        #expect(delivered.all.filter { $0.stream == healthy }.map(\.version) == [1, 2, 3, 4])

        // After a fix, resuming the tenant hands over everything it missed, in order, once.
        let redelivered = Delivered()
        let fixed = EventSubscription(name: "halting", pool: system, listenerSettings: nil) { _, batch in redelivered.append(batch) }
        #expect(try await fixed.resume(tenant: sick.tenant) == nil)
        #expect(redelivered.all.map(\.version) == [2, 3, 4])
        #expect(try await fixed.haltedTenants().isEmpty)
        try await fixed.catchUp()
        #expect(redelivered.all.map(\.version) == [2, 3, 4], "nothing is delivered twice")
    }

    @Test("catching up through a position waits out another driver that holds the checkpoint past the lock timeout")
    func catchUpWaitsOutABusyCheckpoint() async throws {
        let db = try await TestDatabase.create()
        // A session that gives up on a lock after 100 ms: a held checkpoint row is 55P03 at once.
        let system = PostgresPool(settings: db.system.with(["options": "-c lock_timeout=100"]), maxConnections: 2)
        let app = db.appPool()
        defer {
            Task {
                await system.close()
                await app.close()
            }
        }
        let delivered = Delivered()
        let subscription = EventSubscription(name: "busy", pool: system, listenerSettings: nil) { _, batch in delivered.append(batch) }
        _ = try await subscription.status()  // the checkpoint row exists
        let stream = Fixtures.stream()
        let appended = try await EventStore(pool: app).append((1...3).map { Fixtures.event($0) }, to: stream, expecting: .empty(for: stream))

        // Another driver's batch (the service's runner, say) holds the checkpoint row.
        let driver = try PostgresConnection(settings: db.system)
        try driver.query("BEGIN")
        _ = try SubscriptionCheckpoint.lock("busy", on: driver)
        let waiting = Task { try await subscription.catchUp(through: appended.cursor, timeout: .seconds(60)) }
        try await Task.sleep(for: .milliseconds(600))  // several lock timeouts
        try driver.query("COMMIT")
        try await waiting.value
        #expect(delivered.all.map(\.version) == [1, 2, 3])
    }

    @Test("a transient failure in the handler halts nothing: the batch is retried as a whole")
    func transientFailureIsRetried() async throws {
        let db = try await TestDatabase.create()
        let system = db.systemPool(), app = db.appPool()
        defer {
            Task {
                await system.close()
                await app.close()
            }
        }
        let stream = Fixtures.stream()
        let appended = try await EventStore(pool: app).append((1...3).map { Fixtures.event($0) }, to: stream, expecting: .empty(for: stream))
        try await Self.waitForFeed(db, count: 3)
        let calls = Counter()
        let delivered = Delivered()
        let flaky = EventSubscription(name: "flaky", pool: system, listenerSettings: nil) { _, batch in
            if calls.increment() == 1 {
                throw PostgresError.server(.init(sqlState: "40P01", message: "deadlock detected"))
            }
            delivered.append(batch)
        }
        await #expect(throws: PostgresError.self) { try await flaky.catchUp() }
        #expect(try await flaky.haltedTenants().isEmpty)
        #expect(try await flaky.status().cursor == .start, "the checkpoint did not move")
        try await flaky.catchUp(through: appended.cursor)
        #expect(delivered.all.map(\.version) == [1, 2, 3])
    }
}

/// A connection used from one test body at a time.
struct UncheckedConnection: @unchecked Sendable {
    let value: PostgresConnection
    init(_ value: PostgresConnection) { self.value = value }
}
