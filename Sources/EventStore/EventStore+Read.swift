public import Foundation
public import Postgres

extension EventStore {
    /// The columns every feed read selects (benchmarks copy out the same ones).
    public static var feedColumns: PostgresQuery { eventColumns }

    /// The columns every read selects, in `RecordedEvent.init(row:)` order.
    static let eventColumns: PostgresQuery = """
        tenant_id, stream_id, stream_version, position, transaction_id::text, event_id, event_type, schema_version,
        canonical, occurred_at, recorded_at, hash
        """

    /// A stream's events from a version on, and its current head (for the next append), both read
    /// from one snapshot: the head is always the last event read (or the stream's head when
    /// `recordedUpTo` or `fromVersion` leaves events out), so a decision on these events appends after them.
    ///
    /// With `recordedUpTo`, only events the database had stored by then are returned
    /// ("as recorded at"); the head is still the current one.
    public func readStream(_ stream: StreamID, fromVersion: Int64 = 1, recordedUpTo: Date? = nil) async throws -> StreamSlice {
        try await readStreams([stream], fromVersion: fromVersion, recordedUpTo: recordedUpTo)[0]
    }

    /// Several streams of one tenant, each with its head, all from one snapshot (a read-only
    /// REPEATABLE READ transaction sent in one round trip). A command that needs a workspace's
    /// settings and an ICP decides on a consistent pair.
    public func readStreams(_ streams: [StreamID], fromVersion: Int64 = 1, recordedUpTo: Date? = nil) async throws -> [StreamSlice] {
        guard let tenant = streams.first?.tenant else { return [] }
        guard streams.allSatisfy({ $0.tenant == tenant }) else { throw EventStoreError.streamsOfSeveralTenants }
        var queries: [PostgresQuery] = ["BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", Self.tenantStatement(tenant)]
        for stream in streams {
            queries.append(Self.streamQuery(stream, fromVersion: fromVersion, recordedUpTo: recordedUpTo))
            queries.append(Self.headQuery(stream))
        }
        queries.append("COMMIT")
        let statements = queries
        let rows = try await pool.withConnection { try $0.pipeline(statements) }
        return try streams.enumerated().map { index, stream in
            StreamSlice(
                events: try rows[2 + 2 * index].map(RecordedEvent.init(row:)),
                head: try Self.head(stream, from: rows[3 + 2 * index]))
        }
    }

    static func streamQuery(_ stream: StreamID, fromVersion: Int64, recordedUpTo: Date?) -> PostgresQuery {
        if let recordedUpTo {
            return """
                SELECT \(Self.eventColumns) FROM events
                WHERE tenant_id = \(stream.tenant) AND stream_id = \(stream.name) AND stream_version >= \(fromVersion)
                  AND recorded_at <= \(recordedUpTo)
                ORDER BY stream_version
                """
        }
        return """
            SELECT \(Self.eventColumns) FROM events
            WHERE tenant_id = \(stream.tenant) AND stream_id = \(stream.name) AND stream_version >= \(fromVersion)
            ORDER BY stream_version
            """
    }

    /// A stream's events below a version, on a connection the caller holds (inside its transaction, if any).
    public static func readStream(_ stream: StreamID, before version: Int64, on connection: PostgresConnection) throws -> [RecordedEvent] {
        try connection.query(
            """
            SELECT \(eventColumns) FROM events
            WHERE tenant_id = \(stream.tenant) AND stream_id = \(stream.name) AND stream_version < \(version)
            ORDER BY stream_version
            """
        ).map(RecordedEvent.init(row:))
    }

    /// Where an event with this id is stored in the tenant's feed, or nil when it is not stored:
    /// how a command named by the caller (an idempotency key) finds out that an earlier attempt,
    /// whose answer was lost, already took effect.
    public func cursor(ofEvent id: UUID, tenant: UUID) async throws -> FeedCursor? {
        let rows = try await tenantScoped(
            tenant, ["SELECT transaction_id::text, position FROM events WHERE tenant_id = \(tenant) AND event_id = \(id)"])
        guard let row = rows[0].first else { return nil }
        let (transaction, position) = try row.decode((String, Int64).self)
        guard let xid = UInt64(transaction) else { return nil }
        return FeedCursor(transactionID: xid, position: position)
    }

    /// The stream's current head.
    public func head(of stream: StreamID) async throws -> StreamHead {
        let rows = try await tenantScoped(stream.tenant, [Self.headQuery(stream)])
        return try Self.head(stream, from: rows[0])
    }

    static func head(_ stream: StreamID, from rows: PostgresRows) throws -> StreamHead {
        guard let row = rows.first else { return .empty(for: stream) }
        let (version, hash) = try row.decode((Int64, PostgresBytes).self)
        return StreamHead(stream: stream, version: version, hash: hash.bytes)
    }

    /// The next events of the global feed after a cursor, in (transaction id, position) order.
    ///
    /// Reads stop below the oldest transaction that was still open just before the read
    /// (`pg_snapshot_xmin(pg_current_snapshot())`, taken in an earlier statement): an event
    /// whose transaction may still commit is never passed over, so a later-committing,
    /// lower-positioned event is never skipped. Without a tenant this needs the system role
    /// (it bypasses row-level security).
    public func readAll(after cursor: FeedCursor, tenant: UUID? = nil, limit: Int = 1000) async throws -> [RecordedEvent] {
        if let tenant {
            return try await pool.withConnection { connection in
                try connection.transaction { connection in
                    try Self.setTenant(tenant, on: connection)
                    return try Self.readAll(after: cursor, tenant: tenant, limit: limit, on: connection)
                }
            }
        }
        return try await pool.withConnection { try Self.readAll(after: cursor, limit: limit, on: $0) }
    }

    /// Reads the feed on a connection the caller holds (inside its transaction, if any).
    public static func readAll(
        after cursor: FeedCursor, tenant: UUID? = nil, limit: Int = 1000,
        on connection: PostgresConnection
    ) throws -> [RecordedEvent] {
        try readAll(after: cursor, below: feedHorizon(on: connection), tenant: tenant, limit: limit, on: connection)
    }

    /// The oldest transaction still open (`pg_snapshot_xmin`): every event below it is final, so
    /// feed reads stop there and never pass over an event that may still commit.
    static func feedHorizon(on connection: PostgresConnection) throws -> UInt64 {
        let horizon = try connection.query("SELECT pg_snapshot_xmin(pg_current_snapshot())::text").single().column(0, as: String.self)
        return UInt64(horizon) ?? 0
    }

    /// Reads the feed up to (excluding) a transaction-id horizon obtained by an earlier statement.
    static func readAll(
        after cursor: FeedCursor, below horizon: UInt64, tenant: UUID? = nil, limit: Int,
        on connection: PostgresConnection
    ) throws -> [RecordedEvent] {
        // Rows are decoded as they stream in, while the server is still producing the rest.
        var events: [RecordedEvent] = []
        events.reserveCapacity(min(limit, 10_000))
        try connection.forEachRow(feedQuery(after: cursor, below: horizon, tenant: tenant, limit: limit)) { row in
            events.append(try RecordedEvent(row: row))
        }
        return events
    }

    /// The ORDER BY names the table's columns (`events.transaction_id`): a bare `transaction_id` would
    /// mean the select list's `transaction_id::text` output column, and sort "1000" before "999".
    static func feedQuery(after cursor: FeedCursor, below horizon: UInt64, tenant: UUID?, limit: Int) -> PostgresQuery {
        let xid = String(cursor.transactionID), cap = String(horizon)
        if let tenant {
            return """
                SELECT \(eventColumns) FROM events
                WHERE tenant_id = \(tenant) AND (transaction_id, position) > (\(xid)::xid8, \(cursor.position))
                  AND transaction_id < \(cap)::xid8
                ORDER BY events.transaction_id, events.position LIMIT \(limit)
                """
        }
        return """
            SELECT \(eventColumns) FROM events
            WHERE (transaction_id, position) > (\(xid)::xid8, \(cursor.position)) AND transaction_id < \(cap)::xid8
            ORDER BY events.transaction_id, events.position LIMIT \(limit)
            """
    }
}

/// Events of one stream and the stream's head.
public struct StreamSlice: Sendable {
    public var events: [RecordedEvent]
    /// The head to append after.
    public var head: StreamHead
}

extension RecordedEvent {
    /// Decodes a row selected with `EventStore.eventColumns`.
    init(row: PostgresRow) throws {
        // Column by column rather than `row.decode((…).self)`: a parameter pack of this size is
        // instantiated at run time on every call, which showed up on the feed's hot path.
        let tenant = try row.column(0, as: UUID.self), streamName = try row.column(1, as: String.self)
        let version = try row.column(2, as: Int64.self), position = try row.column(3, as: Int64.self)
        let transactionID = try row.column(4, as: UInt64.self), id = try row.column(5, as: UUID.self)
        let type = try row.column(6, as: String.self), schemaVersion = try row.column(7, as: Int.self)
        // Payload and metadata are read back out of the hashed bytes, their only stored copy.
        let parts = try row.column(8, as: CanonicalParts.self)
        self.init(
            stream: StreamID(tenant: tenant, name: streamName), version: version, position: position,
            transactionID: transactionID, id: id, type: type, schemaVersion: schemaVersion,
            payload: parts.payload, metadata: parts.metadata,
            occurredAt: try row.column(9, as: Date.self), recordedAt: try row.column(10, as: Date.self),
            hash: try row.column(11, as: PostgresBytes.self).bytes)
    }
}
