import Foundation
import Postgres
import PostgresTestSupport
import Testing

@testable import EventStore

/// scripts/partition-events-by-tenant.sql rebuilds `events` hash-partitioned by tenant, the shape Citus
/// distributes. `ICPLEDGER_TEST_PARTITIONED_EVENTS=on` runs the whole suite on that shape; this suite
/// applies the script itself, so it runs in every run, and holds the rebuilt table to the invariants.
@Suite("The events table hash-partitioned by tenant keeps every invariant of the plain table")
struct PartitionedEventsTests {
    /// Three workspaces whose events land in three different partitions of eight.
    static let tenants = [
        "11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222", "33333333-3333-3333-3333-333333333333",
    ].map { UUID(uuidString: $0)! }

    /// Each tenant's rows in feed order, as the system role (which bypasses row-level security) reads them.
    static func rows(_ db: TestDatabase) async throws -> [(partition: String, tenant: String, position: Int64)] {
        try await db.withConnection(db.system) { connection in
            try connection.query("SELECT tableoid::regclass::text, tenant_id::text, position FROM events ORDER BY position")
                .map { try $0.decode((String, String, Int64).self) }
        }
    }

    /// Appends `count` events to one stream of each tenant through the request path.
    static func append(_ db: TestDatabase, count: Int, from version: Int) async throws {
        let pool = db.appPool()
        let store = EventStore(pool: pool)
        for tenant in tenants {
            let stream = StreamID(tenant: tenant, name: "stream")
            let head = version == 1 ? StreamHead.empty(for: stream) : try await store.readStream(stream).head
            try await store.append((version..<version + count).map { Fixtures.event($0) }, to: stream, expecting: head)
        }
        await pool.close()
    }

    /// Runs `sql` in a transaction that declared `tenant` and returns the error PostgreSQL answered, if any.
    static func refusal(_ db: TestDatabase, _ role: PostgresConnectionSettings, _ sql: String, tenant: UUID) async throws -> PostgresError? {
        try await db.withConnection(role) { connection -> PostgresError? in
            do {
                try connection.pipeline([
                    "BEGIN", "SELECT set_config('app.tenant', \(tenant.uuidString), true)", PostgresQuery(unsafeSQL: sql), "COMMIT",
                ])
                return nil
            } catch let error as PostgresError { return error }
        }
    }

    @Test("a test database has the shape the run asked for: partitioned with ICPLEDGER_TEST_PARTITIONED_EVENTS=on, plain without")
    func runShape() async throws {
        let db = try await TestDatabase.create()
        let kind = try await db.withConnection(db.owner) { connection in
            try connection.query("SELECT relkind::text FROM pg_class WHERE oid = 'events'::regclass").single().column(0, as: String.self)
        }
        #expect(kind == (TestDatabase.partitionedEvents ? "p" : "r"))
    }

    @Test("existing rows move over with their positions, each tenant into one partition, and new positions continue above them")
    func rowsAndPositions() async throws {
        let db = try await TestDatabase.create()
        try await Self.append(db, count: 3, from: 1)
        let before = try await Self.rows(db)
        try await db.partitionEvents()
        try await db.partitionEvents()  // a second run finds the table partitioned and changes nothing
        let after = try await Self.rows(db)
        #expect(after.map(\.tenant) == before.map(\.tenant))
        #expect(after.map(\.position) == before.map(\.position))
        #expect(after.count == 9)
        for tenant in Self.tenants {
            let partitions = Set(after.filter { $0.tenant == tenant.uuidString.lowercased() }.map(\.partition))
            #expect(partitions.count == 1, "\(tenant) is spread over \(partitions)")
            #expect(partitions.allSatisfy { $0.hasPrefix("events_p") }, "\(partitions)")
        }
        #expect(Set(after.map(\.partition)).count == 3, "the three tenants should land in three partitions: \(after.map(\.partition))")

        try await Self.append(db, count: 2, from: 4)
        let grown = try await Self.rows(db)
        let positions = grown.map(\.position)
        #expect(positions.count == 15)
        #expect(zip(positions, positions.dropFirst()).allSatisfy { $0 < $1 })
        #expect(Array(positions.prefix(9)) == before.map(\.position))
        #expect(positions.dropFirst(9).allSatisfy { $0 > before.map(\.position).max()! })

        // The chain reads and verifies through the partitioned table.
        let verifier = db.systemPool()
        let report = try await ChainVerifier(pool: verifier).verify()
        await verifier.close()
        #expect(report.isIntact, "\(report.breaks)")
        #expect(report.eventsChecked == 15)
    }

    @Test("the catalogue: hash on tenant_id, eight partitions, the same keys, indexes, triggers, policy and grants")
    func catalogue() async throws {
        let db = try await TestDatabase.create()
        try await db.partitionEvents()
        let (kind, key, partitions) = try await db.withConnection(db.owner) { connection in
            try connection.query(
                """
                SELECT c.relkind::text, pg_get_partkeydef(c.oid), (SELECT count(*)::int FROM pg_inherits WHERE inhparent = c.oid)
                FROM pg_class c JOIN pg_partitioned_table p ON p.partrelid = c.oid WHERE c.oid = 'events'::regclass
                """
            ).single().decode((String, String, Int).self)
        }
        #expect(kind == "p")
        #expect(key == "HASH (tenant_id)")
        #expect(partitions == 8)
        let (keys, indexes, triggers, policies, security, identity) = try await db.withConnection(db.owner) { connection in
            try connection.query(
                """
                SELECT (SELECT string_agg(conname || ' ' || pg_get_constraintdef(oid), '; ' ORDER BY conname)
                        FROM pg_constraint WHERE conrelid = 'events'::regclass AND contype IN ('p', 'u')),
                       (SELECT string_agg(indexrelid::regclass::text, ' ' ORDER BY indexrelid::regclass::text)
                        FROM pg_index WHERE indrelid = 'events'::regclass),
                       (SELECT string_agg(tgname, ' ' ORDER BY tgname) FROM pg_trigger WHERE tgrelid = 'events'::regclass AND NOT tgisinternal),
                       (SELECT string_agg(polname, ' ') FROM pg_policy WHERE polrelid = 'events'::regclass),
                       (SELECT relrowsecurity AND relforcerowsecurity FROM pg_class WHERE oid = 'events'::regclass),
                       (SELECT attidentity::text FROM pg_attribute WHERE attrelid = 'events'::regclass AND attname = 'position')
                """
            ).single().decode((String, String, String, String, Bool, String).self)
        }
        #expect(
            keys == "events_event_id_key UNIQUE (tenant_id, event_id); events_stream_version_key PRIMARY KEY (tenant_id, stream_id, stream_version)")
        #expect(indexes == "events_event_id_key events_feed_idx events_stream_version_key events_tenant_feed_idx events_tenant_position_idx")
        #expect(triggers == "events_no_delete events_no_truncate events_no_update")
        #expect(policies == "events_tenant_isolation")
        #expect(security)
        #expect(identity == "a", "position is GENERATED ALWAYS AS IDENTITY")
        // The request path reaches the rows only through events: the same grants there, none on a partition.
        let (table, insertPosition, partitionGrants) = try await db.withConnection(db.owner) { connection in
            try connection.query(
                """
                SELECT has_table_privilege('icpledger_app', 'events', 'SELECT') AND has_table_privilege('icpledger_system', 'events', 'SELECT')
                       AND has_column_privilege('icpledger_app', 'events', 'canonical', 'INSERT')
                       AND NOT has_table_privilege('icpledger_app', 'events', 'UPDATE')
                       AND NOT has_table_privilege('icpledger_app', 'events', 'DELETE')
                       AND NOT has_table_privilege('icpledger_app', 'events', 'TRUNCATE'),
                       has_column_privilege('icpledger_app', 'events', 'position', 'INSERT')
                         OR has_column_privilege('icpledger_app', 'events', 'transaction_id', 'INSERT')
                         OR has_column_privilege('icpledger_app', 'events', 'recorded_at', 'INSERT'),
                       (SELECT count(*)::int FROM pg_inherits i, unnest(ARRAY['icpledger_app', 'icpledger_system']::name[]) r
                        WHERE i.inhparent = 'events'::regclass AND has_any_column_privilege(r, i.inhrelid, 'SELECT, INSERT, UPDATE'))
                """
            ).single().decode((Bool, Bool, Int).self)
        }
        #expect(table)
        #expect(!insertPosition, "a writer may not choose the position, the transaction id or the recorded time")
        #expect(partitionGrants == 0)
    }

    @Test("append-only: the owner is stopped by the triggers on the table and on each partition; the request path lacks the privileges")
    func appendOnly() async throws {
        let db = try await TestDatabase.create()
        try await Self.append(db, count: 2, from: 1)
        try await db.partitionEvents()
        let tenant = Self.tenants[0]
        let partition = try #require(try await Self.rows(db).first { $0.tenant == tenant.uuidString.lowercased() }?.partition)
        for sql in ["UPDATE events SET canonical = canonical", "DELETE FROM events", "TRUNCATE events", "TRUNCATE \(partition)"] {
            let error = try await Self.refusal(db, db.owner, sql, tenant: tenant)
            #expect(error?.description.contains("append-only") == true, "\(sql): \(String(describing: error))")
        }
        for sql in [
            "UPDATE events SET event_type = 'x'", "DELETE FROM events", "TRUNCATE events", "SELECT count(*) FROM \(partition)",
            "INSERT INTO events (tenant_id, stream_id, stream_version, event_id, event_type, schema_version, occurred_at, canonical, previous_hash, hash, position) "
                + "OVERRIDING SYSTEM VALUE VALUES ('\(tenant.uuidString)', 's', 1, gen_random_uuid(), 't', 1, now(), '{}', decode(repeat('00', 32), 'hex'), decode(repeat('00', 32), 'hex'), 1)",
        ] {
            let error = try await Self.refusal(db, db.app, sql, tenant: tenant)
            #expect(error?.sqlState == "42501", "\(sql): \(String(describing: error))")
        }
        #expect(try await Self.rows(db).count == 6)
    }

    @Test("an append alongside another write still tells its key violations apart: a retry returns the stored result, a stale head is a conflict")
    func keysAlongside() async throws {
        let db = try await TestDatabase.create()
        try await db.partitionEvents()
        let pool = db.appPool()
        let store = EventStore(pool: pool)
        let stream = StreamID(tenant: Self.tenants[0], name: "alongside")
        let first = [Fixtures.event(1)]
        let stored = try await store.append(first, to: stream, expecting: .empty(for: stream)) { _ in }
        let retried = try await store.append(first, to: stream, expecting: .empty(for: stream)) { _ in }
        #expect(retried == stored)
        await #expect(throws: EventStoreError.self) {
            try await store.append([Fixtures.event(2)], to: stream, expecting: .empty(for: stream)) { _ in }
        }
        await pool.close()
    }

    @Test("row-level security still isolates the tenants for the request path, through the table and the event_log view")
    func rowLevelSecurity() async throws {
        let db = try await TestDatabase.create()
        try await Self.append(db, count: 2, from: 1)
        try await db.partitionEvents()
        let (a, b) = (Self.tenants[0], Self.tenants[1])
        let (blind, own, foreign, logged) = try await db.withConnection(db.app) { connection in
            let blind = try connection.query("SELECT count(*)::int FROM events").single().column(0, as: Int.self)
            let seen = try connection.pipeline([
                "BEGIN", "SELECT set_config('app.tenant', \(a.uuidString), true)",
                "SELECT count(*) FILTER (WHERE tenant_id = \(a))::int, count(*) FILTER (WHERE tenant_id <> \(a))::int FROM events",
                "SELECT count(*)::int FROM event_log", "COMMIT",
            ])
            let (own, foreign) = try seen[2].single().decode((Int, Int).self)
            return (blind, own, foreign, try seen[3].single().column(0, as: Int.self))
        }
        #expect(blind == 0)
        #expect(own == 2)
        #expect(foreign == 0)
        #expect(logged == 2)
        // Writing into another tenant than the one declared is refused.
        let pool = db.appPool()
        let other = StreamID(tenant: b, name: "another")
        await #expect(throws: PostgresError.self) {
            try await pool.withConnection { connection in
                try connection.transaction { connection in
                    try EventStore.setTenant(a, on: connection)
                    try EventStore.append([Fixtures.event(3)], to: other, expecting: .empty(for: other), on: connection)
                }
            }
        }
        await pool.close()
    }
}
