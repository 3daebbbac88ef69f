public import Foundation
public import Postgres

extension EventSubscription {
    /// Applies events with the handler, isolating failures by tenant (see the type's overview):
    /// returns the tenants halted now. Transient failures are rethrown, halting nothing.
    static func apply(
        _ events: [RecordedEvent], with handler: Handler, subscription: String,
        on connection: PostgresConnection
    ) throws -> [TenantHalt] {
        guard !events.isEmpty else { return [] }
        if try attempt({ try handler(connection, events) }, on: connection) == nil { return [] }
        var order: [UUID] = []
        var groups: [UUID: [RecordedEvent]] = [:]
        for event in events {
            if groups[event.stream.tenant] == nil { order.append(event.stream.tenant) }
            groups[event.stream.tenant, default: []].append(event)
        }
        var halts: [TenantHalt] = []
        for tenant in order {
            let group = groups[tenant] ?? []
            if try attempt({ try handler(connection, group) }, on: connection) == nil { continue }
            for event in group {
                guard let failure = try attempt({ try handler(connection, [event]) }, on: connection) else { continue }
                let halt = TenantHalt(
                    tenant: tenant, cursor: event.cursor, eventID: event.id, stream: event.stream.name,
                    streamVersion: event.version, eventType: event.type,
                    reason: String(describing: failure), haltedAt: Date())
                try record(halt, subscription: subscription, on: connection)
                halts.append(halt)
                break
            }
        }
        return halts
    }

    /// Runs `body` under a savepoint: nil when it succeeded, its error when it failed for a reason
    /// of its own (its writes undone). Transient failures are rethrown.
    private static func attempt(_ body: () throws -> Void, on connection: PostgresConnection) throws -> (any Error)? {
        try connection.query("SAVEPOINT subscription_apply")
        do {
            try body()
            try connection.query("RELEASE SAVEPOINT subscription_apply")
            return nil
        } catch {
            if let failure = error as? PostgresError, failure.isTransient { throw failure }
            try connection.query("ROLLBACK TO SAVEPOINT subscription_apply")
            try connection.query("RELEASE SAVEPOINT subscription_apply")
            return error
        }
    }

    /// Records (or replaces) a tenant's halt on a connection the caller holds, e.g. in a rebuild's swap.
    public static func record(_ halt: TenantHalt, subscription: String, on connection: PostgresConnection) throws {
        try connection.query(
            """
            INSERT INTO subscription_checkpoints (tenant_id, subscription, transaction_id, position, halted_at, halt_reason,
                                                  halt_event_id, halt_stream_id, halt_stream_version, halt_event_type)
            VALUES (\(halt.tenant), \(subscription), \(String(halt.cursor.transactionID))::xid8, \(halt.cursor.position), now(),
                    \(halt.reason), \(halt.eventID), \(halt.stream), \(halt.streamVersion), \(halt.eventType))
            ON CONFLICT (tenant_id, subscription) DO UPDATE
            SET transaction_id = excluded.transaction_id, position = excluded.position, halted_at = excluded.halted_at,
                halt_reason = excluded.halt_reason, halt_event_id = excluded.halt_event_id,
                halt_stream_id = excluded.halt_stream_id, halt_stream_version = excluded.halt_stream_version,
                halt_event_type = excluded.halt_event_type, updated_at = now()
            """)
    }

    /// The halted tenants of a subscription (one tenant's when given), on a connection the caller holds.
    /// Under the request-path role, row-level security shows a tenant only its own halt.
    public static func halts(of subscription: String, tenant: UUID?, on connection: PostgresConnection) throws -> [TenantHalt] {
        try connection.query(
            """
            SELECT tenant_id, transaction_id::text, position, halt_event_id, halt_stream_id, halt_stream_version, halt_event_type,
                   halt_reason, halted_at
            FROM subscription_checkpoints
            WHERE subscription = \(subscription) AND tenant_id <> \(globalTenant) AND halted_at IS NOT NULL
              AND (\(tenant)::uuid IS NULL OR tenant_id = \(tenant))
            ORDER BY tenant_id
            """
        ).map { row in
            let (tenant, xid, position, eventID, stream, version) = try row.decode((UUID, UInt64, Int64, UUID?, String?, Int64?).self)
            let (type, reason, haltedAt) = (
                try row.column(6, as: String?.self), try row.column(7, as: String?.self),
                try row.column(8, as: Date.self)
            )
            return TenantHalt(
                tenant: tenant, cursor: FeedCursor(transactionID: xid, position: position),
                eventID: eventID ?? UUID(uuidString: "00000000-0000-0000-0000-000000000000")!,
                stream: stream ?? "", streamVersion: version ?? 0, eventType: type ?? "",
                reason: reason ?? "halted", haltedAt: haltedAt)
        }
    }

    /// Lifts a tenant's halt: its events from the one that failed up to the subscription's
    /// checkpoint are handed to the handler again (after a fix), in one transaction. Returns the
    /// new halt when an event still cannot be applied, nil when the tenant is live again.
    @discardableResult
    public func resume(tenant: UUID) async throws -> TenantHalt? {
        try await ensureCheckpointRow()
        let name = name, handler = handler, batchSize = batchSize
        return try await pool.withConnection { connection in
            try connection.transaction { connection in
                // Keeps the live loop out until this commits.
                let checkpoint = try connection.query(
                    """
                    SELECT transaction_id::text, position FROM subscription_checkpoints
                    WHERE tenant_id = \(Self.globalTenant) AND subscription = \(name) FOR UPDATE
                    """
                ).single().decode((UInt64, Int64).self)
                let through = FeedCursor(transactionID: checkpoint.0, position: checkpoint.1)
                guard let halt = try Self.halts(of: name, tenant: tenant, on: connection).first else { return nil }
                try connection.query(
                    """
                    DELETE FROM subscription_checkpoints WHERE tenant_id = \(tenant) AND subscription = \(name)
                    """)
                var after = FeedCursor(transactionID: halt.cursor.transactionID, position: halt.cursor.position - 1)
                while true {
                    let events = try connection.query(
                        """
                        SELECT \(EventStore.eventColumns) FROM events
                        WHERE tenant_id = \(tenant)
                          AND (transaction_id, position) > (\(String(after.transactionID))::xid8, \(after.position))
                          AND (transaction_id, position) <= (\(String(through.transactionID))::xid8, \(through.position))
                        ORDER BY events.transaction_id, events.position LIMIT \(batchSize)
                        """
                    ).map(RecordedEvent.init(row:))
                    guard let last = events.last else { return nil }
                    if let again = try Self.apply(events, with: handler, subscription: name, on: connection).first { return again }
                    after = last.cursor
                }
            }
        }
    }

    private func ensureCheckpointRow() async throws {
        _ = try await status()
    }
}

/// A tenant whose events a subscription passes over because one of them could not be applied.
public struct TenantHalt: Sendable, Hashable, Codable {
    /// The tenant (workspace) id.
    public var tenant: UUID
    /// Where the failing event sits in the feed.
    public var cursor: FeedCursor
    /// The failing event.
    public var eventID: UUID
    /// Its stream and version.
    public var stream: String
    public var streamVersion: Int64
    /// Its type.
    public var eventType: String
    /// What the handler said.
    public var reason: String
    /// When the halt was recorded.
    public var haltedAt: Date

    /// Creates a halt record.
    public init(
        tenant: UUID, cursor: FeedCursor, eventID: UUID, stream: String, streamVersion: Int64, eventType: String,
        reason: String, haltedAt: Date
    ) {
        self.tenant = tenant
        self.cursor = cursor
        self.eventID = eventID
        self.stream = stream
        self.streamVersion = streamVersion
        self.eventType = eventType
        self.reason = reason
        self.haltedAt = haltedAt
    }
}
