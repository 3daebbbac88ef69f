import Foundation
import Postgres
import PostgresTestSupport
import SchemaMigrations
import Testing

@testable import EventStore

@Suite("Upgrading a database keeps every event readable and verifiable")
struct UpgradeTests {
    @Test("events stored before 0003 dropped the jsonb copies read back byte for byte, and verify passes")
    func canonicalOnlyUpgrade() async throws {
        let db = try await TestDatabase.createUnmigrated()
        let all = try Migration.load(from: TestDatabase.schemaDirectory)
        _ = try await db.withConnection(db.owner) { try Migrator(migrations: all.filter { $0.version <= 2 }).migrate($0) }

        // Two events written as the 0001 layout had them: jsonb copies beside the hashed bytes.
        let stream = StreamID(tenant: UUID(), name: "icp-legacy")
        let events = [
            NewEvent(
                type: "Legacy.Happened", payload: Data(#"{"z":1,"a":"first"}"#.utf8),
                metadata: EventMetadata(actor: "p-1", correlationID: "c-1"), occurredAt: Date(timeIntervalSince1970: 1_700_000_000)),
            NewEvent(
                type: "Legacy.Happened", schemaVersion: 2, payload: Data(#"[1, "two", {"three": 3}]"#.utf8),
                metadata: EventMetadata(actor: "p-2", requestID: "r-9"), occurredAt: Date(timeIntervalSince1970: 1_700_000_100)),
        ]
        var previous = CanonicalEvent.genesisHash
        var rows: [PostgresQuery] = []
        for (offset, event) in events.enumerated() {
            let metadata = CanonicalEvent.metadataJSON(event.metadata)
            let canonical = CanonicalEvent.encode(event, metadata: metadata, stream: stream, version: Int64(offset + 1), previousHash: previous)
            let hash = CanonicalEvent.hash(canonical)
            rows.append(
                """
                INSERT INTO events (tenant_id, stream_id, stream_version, event_id, event_type, schema_version, payload, metadata,
                                    occurred_at, canonical, previous_hash, hash)
                VALUES (\(stream.tenant), \(stream.name), \(Int64(offset + 1)), \(event.id), \(event.type), \(event.schemaVersion),
                        \(String(decoding: event.payload, as: UTF8.self))::jsonb, \(String(decoding: metadata, as: UTF8.self))::jsonb,
                        \(event.occurredAt), \(String(decoding: canonical, as: UTF8.self)), \(PostgresBytes(previous)), \(PostgresBytes(hash)))
                """)
            previous = hash
        }
        let inserts = rows
        try await db.withConnection(db.owner) { connection in
            try connection.transaction { connection in
                try EventStore.setTenant(stream.tenant, on: connection)
                for insert in inserts { try connection.query(insert) }
            }
        }

        let applied = try await db.withConnection(db.owner) { try Migrator(migrations: all).migrate($0) }
        #expect(applied.map(\.version) == all.filter { $0.version > 2 }.map(\.version))
        // With ICPLEDGER_TEST_PARTITIONED_EVENTS=on the upgraded table is partitioned by tenant too, so the
        // script is also run over rows stored the 0001 way.
        if TestDatabase.partitionedEvents { try await db.partitionEvents() }

        let pool = db.appPool()
        defer { Task { await pool.close() } }
        let store = EventStore(pool: pool)
        let slice = try await store.readStream(stream)
        #expect(slice.events.map(\.payload) == events.map(\.payload))
        #expect(slice.events.map(\.metadata) == events.map(\.metadata))
        #expect(slice.events.map(\.schemaVersion) == [1, 2])
        // The chain continues from the old events.
        try await store.append([Fixtures.event(3)], to: stream, expecting: slice.head)
        let verifier = db.systemPool()
        defer { Task { await verifier.close() } }
        let report = try await ChainVerifier(pool: verifier).verify()
        #expect(report.isIntact, "\(report.breaks)")
        #expect(report.eventsChecked == 3)
    }
}
