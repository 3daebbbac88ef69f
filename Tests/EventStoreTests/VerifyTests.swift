import EventStore
import Foundation
import Postgres
import PostgresTestSupport
import Testing

@Suite("Invariant 6: every stream's hash chain verifies, and edits behind the service's back are reported")
struct VerifyTests {
    /// Three streams of three events each; returns the middle stream.
    func seed(_ db: TestDatabase) async throws -> StreamID {
        let pool = db.appPool()
        defer { Task { await pool.close() } }
        let store = EventStore(pool: pool)
        let tenant = UUID()
        var middle: StreamID? = nil
        for name in ["a", "b", "c"] {
            let stream = StreamID(tenant: tenant, name: name)
            let head = try await store.append([Fixtures.event(1)], to: stream, expecting: .empty(for: stream)).head
            try await store.append([Fixtures.event(2), Fixtures.event(3)], to: stream, expecting: head)
            if name == "b" { middle = stream }
        }
        return middle!
    }

    func verify(_ db: TestDatabase) async throws -> VerificationReport {
        let pool = db.systemPool()
        defer { Task { await pool.close() } }
        return try await ChainVerifier(pool: pool).verify(batchSize: 2)
    }

    /// Edits events as a superuser with the append-only triggers switched off (tamper fixture).
    func tamper(_ db: TestDatabase, _ sql: String) async throws {
        try await db.withConnection(db.superuser) { connection in
            try connection.transaction { connection in
                try connection.query("ALTER TABLE events DISABLE TRIGGER USER")
                try connection.execute(script: sql)
                try connection.query("ALTER TABLE events ENABLE TRIGGER USER")
            }
        }
    }

    @Test("an untouched store verifies")
    func intact() async throws {
        let db = try await TestDatabase.create()
        _ = try await seed(db)
        let report = try await verify(db)
        #expect(report.isIntact)
        #expect(report.eventsChecked == 9)
        #expect(report.streamsChecked == 3)
    }

    @Test("bytes rewritten into another JSON layout are reported as unreadable, since readers take the payload from them")
    func rewrittenLayout() async throws {
        let db = try await TestDatabase.create()
        let stream = try await seed(db)
        // jsonb's output puts spaces after colons: still JSON, but no longer the store's layout.
        try await tamper(db, "UPDATE events SET canonical = canonical::jsonb::text WHERE stream_id = '\(stream.name)' AND stream_version = 2")
        let report = try await verify(db)
        #expect(
            report.breaks == [
                ChainBreak(stream: stream, version: 2, kind: .hashMismatch),
                ChainBreak(stream: stream, version: 2, kind: .unreadableCanonical),
            ])
    }

    @Test("edited hashed bytes are reported")
    func editedCanonical() async throws {
        let db = try await TestDatabase.create()
        let stream = try await seed(db)
        try await tamper(
            db,
            """
            UPDATE events SET canonical = replace(canonical, '"n":2', '"n":20')
            WHERE stream_id = '\(stream.name)' AND stream_version = 2
            """)
        let report = try await verify(db)
        #expect(report.breaks == [ChainBreak(stream: stream, version: 2, kind: .hashMismatch)])
    }

    @Test("a deleted event is reported as a missing version")
    func missingVersion() async throws {
        let db = try await TestDatabase.create()
        let stream = try await seed(db)
        try await tamper(db, "DELETE FROM events WHERE stream_id = '\(stream.name)' AND stream_version = 2")
        let report = try await verify(db)
        #expect(report.breaks == [ChainBreak(stream: stream, version: 3, kind: .missingVersions(from: 2, to: 2))])
    }

    @Test("reordered events are reported")
    func reordered() async throws {
        let db = try await TestDatabase.create()
        let stream = try await seed(db)
        try await tamper(
            db,
            """
            UPDATE events SET stream_version = stream_version + 1000 WHERE stream_id = '\(stream.name)' AND stream_version IN (2, 3);
            UPDATE events SET stream_version = CASE stream_version WHEN 1002 THEN 3 ELSE 2 END
            WHERE stream_id = '\(stream.name)' AND stream_version IN (1002, 1003);
            """)
        let report = try await verify(db)
        #expect(report.breaks.contains(ChainBreak(stream: stream, version: 2, kind: .brokenLink)))
        #expect(report.breaks.contains(ChainBreak(stream: stream, version: 2, kind: .fieldMismatch)))
        #expect(report.breaks.contains(ChainBreak(stream: stream, version: 3, kind: .fieldMismatch)))
        #expect(report.breaks.allSatisfy { $0.stream == stream })
    }
}
