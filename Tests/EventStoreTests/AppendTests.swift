import Foundation
import Postgres
import PostgresTestSupport
import Testing

@testable import EventStore

@Suite("Appending and reading streams")
struct AppendTests {
    @Test("appends return consecutive versions, and a read returns the events and the head")
    func appendAndRead() async throws {
        let db = try await TestDatabase.create()
        let pool = db.appPool()
        defer { Task { await pool.close() } }
        let store = EventStore(pool: pool)
        let stream = Fixtures.stream()
        let first = try await store.append([Fixtures.event(1)], to: stream, expecting: .empty(for: stream))
        let second = try await store.append((2...101).map { Fixtures.event($0) }, to: stream, expecting: first.head)
        #expect(first.head.version == 1)
        #expect(second.firstVersion == 2)
        #expect(second.head.version == 101)
        #expect(second.positions.count == 100)
        let slice = try await store.readStream(stream)
        #expect(slice.events.map(\.version) == Array(1...101))
        #expect(slice.head == second.head)
        #expect(slice.events[0].metadata.actor == "principal-1")
        #expect(slice.events[0].occurredAt == Fixtures.clock.addingTimeInterval(1))
        let payload = try JSONSerialization.jsonObject(with: slice.events[5].payload) as? [String: Any]
        #expect(payload?["n"] as? Int == 6)
        let tail = try await store.readStream(stream, fromVersion: 100)
        #expect(tail.events.map(\.version) == [100, 101])
    }

    @Test("reading as recorded at a moment leaves out later events")
    func recordedUpTo() async throws {
        let db = try await TestDatabase.create()
        let pool = db.appPool()
        defer { Task { await pool.close() } }
        let store = EventStore(pool: pool)
        let stream = Fixtures.stream()
        let first = try await store.append([Fixtures.event(1)], to: stream, expecting: .empty(for: stream))
        let cut = try await store.readStream(stream).events[0].recordedAt
        try await Task.sleep(for: .milliseconds(20))
        try await store.append([Fixtures.event(2)], to: stream, expecting: first.head)
        #expect(try await store.readStream(stream, recordedUpTo: cut).events.count == 1)
        #expect(try await store.readStream(stream).events.count == 2)
    }

    @Test("Invariant 2: two writers with the same expectation — exactly one wins, the other gets a conflict naming both versions")
    func concurrentWritersConflict() async throws {
        let db = try await TestDatabase.create()
        let pool = db.appPool(maxConnections: 8)
        defer { Task { await pool.close() } }
        let store = EventStore(pool: pool)
        for round in 0..<10 {
            let stream = Fixtures.stream()
            let seed = try await store.append([Fixtures.event(0)], to: stream, expecting: .empty(for: stream))
            let outcomes = await withTaskGroup(of: Result<AppendResult, any Error>.self) { group in
                for writer in 0..<4 {
                    group.addTask {
                        let batch = (0..<3).map { Fixtures.event(round * 100 + writer * 10 + $0) }
                        do {
                            return .success(try await store.append(batch, to: stream, expecting: seed.head))
                        } catch {
                            return .failure(error)
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let wins = outcomes.filter { if case .success = $0 { return true } else { return false } }
            #expect(wins.count == 1)
            for outcome in outcomes {
                if case .failure(let error) = outcome {
                    #expect(error as? EventStoreError == .versionConflict(stream: stream, expected: 1, actual: 4))
                }
            }
            let stored = try await store.readStream(stream).events
            #expect(stored.map(\.version) == [1, 2, 3, 4])
        }
    }

    @Test("a stale head is refused even when only one writer is active")
    func staleHead() async throws {
        let db = try await TestDatabase.create()
        let pool = db.appPool()
        defer { Task { await pool.close() } }
        let store = EventStore(pool: pool)
        let stream = Fixtures.stream()
        let first = try await store.append([Fixtures.event(1)], to: stream, expecting: .empty(for: stream))
        try await store.append([Fixtures.event(2)], to: stream, expecting: first.head)
        await #expect(throws: EventStoreError.versionConflict(stream: stream, expected: 1, actual: 2)) {
            try await store.append([Fixtures.event(3)], to: stream, expecting: first.head)
        }
        await #expect(throws: EventStoreError.versionConflict(stream: stream, expected: 0, actual: 2)) {
            try await store.append([Fixtures.event(4)], to: stream, expectedVersion: 0)
        }
    }

    @Test("Invariant 3: the same event id appended twice is stored once, and the retry gets the stored result")
    func idempotentRetry() async throws {
        let db = try await TestDatabase.create()
        let pool = db.appPool()
        defer { Task { await pool.close() } }
        let store = EventStore(pool: pool)
        let stream = Fixtures.stream()
        let batch = [Fixtures.event(1), Fixtures.event(2)]
        let first = try await store.append(batch, to: stream, expecting: .empty(for: stream))
        let retry = try await store.append(batch, to: stream, expecting: .empty(for: stream))
        #expect(retry == first)
        let retryByVersion = try await store.append(batch, to: stream, expectedVersion: 0)
        #expect(retryByVersion == first)
        #expect(try await store.readStream(stream).events.count == 2)
    }

    @Test("a reused event id with different content, or a partly stored batch, is a typed error and stores nothing")
    func reusedIDs() async throws {
        let db = try await TestDatabase.create()
        let pool = db.appPool()
        defer { Task { await pool.close() } }
        let store = EventStore(pool: pool)
        let stream = Fixtures.stream()
        let original = Fixtures.event(1)
        let first = try await store.append([original], to: stream, expecting: .empty(for: stream))
        var changed = original
        changed.payload = Data(#"{"n":999}"#.utf8)
        await #expect(throws: EventStoreError.eventIDReused(id: original.id)) {
            try await store.append([changed], to: stream, expecting: .empty(for: stream))
        }
        let fresh = Fixtures.event(2)
        await #expect(throws: EventStoreError.batchPartlyStored(stored: [original.id], missing: [fresh.id])) {
            try await store.append([original, fresh], to: stream, expecting: first.head)
        }
        #expect(try await store.readStream(stream).events.map(\.id) == [original.id])
    }

    @Test("a payload comes back byte for byte as appended: key order, spacing and escapes kept")
    func payloadBytesKept() async throws {
        let db = try await TestDatabase.create()
        let pool = db.appPool()
        defer { Task { await pool.close() } }
        let store = EventStore(pool: pool)
        let stream = Fixtures.stream()
        let payload = " {\"z\": 1, \"a\": [\"caf\\u00e9\", {\"trap\": \",\\\"previous_hash\\\":\"}]}\n"
        let event = Fixtures.event(1, payload: payload)
        try await store.append([event], to: stream, expecting: .empty(for: stream))
        let read = try await store.readStream(stream).events
        #expect(read.map { String(decoding: $0.payload, as: UTF8.self) } == [payload])
        #expect(read.first?.metadata == event.metadata)
    }

    @Test("an append declares its tenant for its own transaction only: the pooled connection keeps no tenant afterwards")
    func tenantDoesNotOutliveTheAppend() async throws {
        let db = try await TestDatabase.create()
        let pool = db.appPool(maxConnections: 1)
        defer { Task { await pool.close() } }
        let stream = Fixtures.stream()
        try await EventStore(pool: pool).append([Fixtures.event(1), Fixtures.event(2)], to: stream, expecting: .empty(for: stream))
        let single = Fixtures.stream()
        try await EventStore(pool: pool).append([Fixtures.event(1)], to: single, expecting: .empty(for: single))
        // The same (only) connection, next statement, no tenant declared: nothing is visible.
        let (setting, visible) = try await pool.withConnection { connection in
            (
                try connection.query("SELECT coalesce(current_setting('app.tenant', true), '')").single().column(0, as: String.self),
                try connection.query("SELECT count(*) FROM events").single().column(0, as: Int.self)
            )
        }
        #expect(setting == "")
        #expect(visible == 0)
    }

    @Test("the event_log view shows payload and metadata as jsonb, under the caller's row-level security")
    func eventLogView() async throws {
        let db = try await TestDatabase.create()
        let pool = db.appPool(maxConnections: 1)
        defer { Task { await pool.close() } }
        let stream = Fixtures.stream()
        try await EventStore(pool: pool).append([Fixtures.event(7)], to: stream, expecting: .empty(for: stream))
        let (own, other, none) = try await pool.withConnection { connection in
            let own = try connection.pipeline([
                EventStore.tenantStatement(stream.tenant),
                """
                SELECT payload ->> 'n', metadata ->> 'actor', event_type FROM event_log
                """,
            ])[1].single().decode((String, String, String).self)
            let other = try connection.pipeline([EventStore.tenantStatement(UUID()), "SELECT count(*) FROM event_log"])[1]
                .single().column(0, as: Int.self)
            let none = try connection.query("SELECT count(*) FROM event_log").single().column(0, as: Int.self)
            return (own, other, none)
        }
        #expect(own.0 == "7")
        #expect(own.1 == "principal-1")
        #expect(own.2 == "Thing.Happened")
        #expect(other == 0)
        #expect(none == 0)
    }

    @Test("bad batches are refused before anything is sent")
    func badBatches() async throws {
        let db = try await TestDatabase.create()
        let pool = db.appPool()
        defer { Task { await pool.close() } }
        let store = EventStore(pool: pool)
        let stream = Fixtures.stream()
        await #expect(throws: EventStoreError.emptyBatch) { try await store.append([], to: stream, expecting: .empty(for: stream)) }
        let bad = Fixtures.event(1, payload: "not json")
        await #expect(throws: EventStoreError.invalidPayload(id: bad.id)) {
            try await store.append([bad], to: stream, expecting: .empty(for: stream))
        }
        for version in [0, Int(Int32.max) + 1] {
            var event = Fixtures.event(1)
            event.schemaVersion = version
            await #expect(throws: EventStoreError.invalidSchemaVersion(id: event.id, version: version)) {
                try await store.append([Fixtures.event(2), event], to: stream, expecting: .empty(for: stream))
            }
        }
        #expect(try await store.readStream(stream).events.isEmpty)
        let other = Fixtures.stream()
        await #expect(throws: EventStoreError.headOfOtherStream(expected: stream, given: other)) {
            try await store.append([Fixtures.event(1)], to: stream, expecting: .empty(for: other))
        }
    }
}
