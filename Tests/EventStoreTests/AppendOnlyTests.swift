import EventStore
import Foundation
import Postgres
import PostgresTestSupport
import Testing

@Suite("Invariant 1: events are never updated or deleted — the database refuses it")
struct AppendOnlyTests {
    func storeOne(_ db: TestDatabase) async throws -> StreamID {
        let pool = db.appPool()
        let stream = Fixtures.stream()
        try await EventStore(pool: pool).append([Fixtures.event(1)], to: stream, expecting: .empty(for: stream))
        await pool.close()
        return stream
    }

    @Test(
        "the service role lacks UPDATE, DELETE and TRUNCATE privileges",
        arguments: [
            "UPDATE events SET event_type = 'x'", "DELETE FROM events", "TRUNCATE events",
        ])
    func appRoleRefused(statement: String) async throws {
        let db = try await TestDatabase.create()
        let stream = try await storeOne(db)
        let sql = statement
        let error = try await db.withConnection(db.app) { connection -> PostgresError? in
            do {
                try connection.pipeline([
                    "BEGIN", "SELECT set_config('app.tenant', \(stream.tenant.uuidString), true)",
                    PostgresQuery(unsafeSQL: sql), "COMMIT",
                ])
                return nil
            } catch let error as PostgresError { return error }
        }
        #expect(error?.sqlState == "42501")
    }

    @Test(
        "even the owner, who has every privilege, is stopped by the triggers",
        arguments: [
            "UPDATE events SET canonical = canonical", "DELETE FROM events", "TRUNCATE events",
        ])
    func ownerStoppedByTriggers(statement: String) async throws {
        let db = try await TestDatabase.create()
        let stream = try await storeOne(db)
        let sql = statement
        let (error, count) = try await db.withConnection(db.owner) { connection -> (PostgresError?, Int) in
            var caught: PostgresError? = nil
            do {
                // The owner is subject to forced row-level security too, so it sets the tenant.
                try connection.pipeline([
                    "BEGIN", "SELECT set_config('app.tenant', \(stream.tenant.uuidString), true)",
                    PostgresQuery(unsafeSQL: sql), "COMMIT",
                ])
            } catch let error as PostgresError { caught = error }
            let count = try connection.pipeline([
                "BEGIN", "SELECT set_config('app.tenant', \(stream.tenant.uuidString), true)",
                "SELECT count(*) FROM events", "COMMIT",
            ])[2].single().column(0, as: Int.self)
            return (caught, count)
        }
        #expect(error?.description.contains("append-only") == true)
        #expect(count == 1)
    }

    @Test(
        "a writer cannot choose the transaction id or the recorded time (the feed's order and horizon depend on them)",
        arguments: ["transaction_id", "recorded_at"])
    func serverAssignedColumns(column: String) async throws {
        let db = try await TestDatabase.create()
        let tenant = UUID()
        let value = column == "transaction_id" ? "'1'::xid8" : "'2001-01-01'::timestamptz"
        let sql = """
            INSERT INTO events (tenant_id, stream_id, stream_version, event_id, event_type, schema_version,
                                occurred_at, canonical, previous_hash, hash, \(column))
            VALUES ('\(tenant.uuidString)', 's', 1, gen_random_uuid(), 't', 1, now(), '{}',
                    decode(repeat('00', 32), 'hex'), decode(repeat('00', 32), 'hex'), \(value))
            """
        let error = try await db.withConnection(db.app) { connection -> PostgresError? in
            do {
                try connection.pipeline([
                    "BEGIN", "SELECT set_config('app.tenant', \(tenant.uuidString), true)",
                    PostgresQuery(unsafeSQL: sql), "COMMIT",
                ])
                return nil
            } catch let error as PostgresError { return error }
        }
        #expect(error?.sqlState == "42501")
    }

    @Test("the request-path role cannot call the owner's or verify's functions")
    func ownerFunctionsRefused() async throws {
        let db = try await TestDatabase.create()
        // (Calling it would fail anyway on a table the role does not own; the point is that it may not call it.)
        let (secure, canonical) = try await db.withConnection(db.app) { connection in
            try connection.query(
                """
                SELECT has_function_privilege('read_model_secure(regclass)', 'EXECUTE'),
                       has_function_privilege('events_canonical_json(text)', 'EXECUTE')
                """
            ).single().decode((Bool, Bool).self)
        }
        #expect(secure == false)
        #expect(canonical == false)
    }

    @Test("row-level security fails closed: without a tenant nothing is visible or writable")
    func rowLevelSecurityFailsClosed() async throws {
        let db = try await TestDatabase.create()
        let stream = try await storeOne(db)
        let (visibleWithout, visibleOther, visibleOwn) = try await db.withConnection(db.app) { connection in
            let without = try connection.query("SELECT count(*) FROM events").single().column(0, as: Int.self)
            let other = try connection.pipeline([
                "BEGIN", "SELECT set_config('app.tenant', \(UUID().uuidString), true)",
                "SELECT count(*) FROM events", "COMMIT",
            ])[2].single().column(0, as: Int.self)
            let own = try connection.pipeline([
                "BEGIN", "SELECT set_config('app.tenant', \(stream.tenant.uuidString), true)",
                "SELECT count(*) FROM events", "COMMIT",
            ])[2].single().column(0, as: Int.self)
            return (without, other, own)
        }
        #expect(visibleWithout == 0)
        #expect(visibleOther == 0)
        #expect(visibleOwn == 1)
        // Writing into another tenant than the one declared is refused.
        let pool = db.appPool()
        let foreign = StreamID(tenant: UUID(), name: "x")
        await #expect(throws: PostgresError.self) {
            try await pool.withConnection { connection in
                try connection.transaction { connection in
                    try EventStore.setTenant(stream.tenant, on: connection)
                    try EventStore.append([Fixtures.event(1)], to: foreign, expecting: .empty(for: foreign), on: connection)
                }
            }
        }
        await pool.close()
    }
}
