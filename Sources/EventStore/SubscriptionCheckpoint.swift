public import Foundation
public import Postgres

/// A subscription's checkpoint, handled on a connection the caller holds: what a rebuild needs to
/// take a subscription's place for a moment and hand it back at a new position.
public enum SubscriptionCheckpoint {
    /// Makes sure the subscription's checkpoint exists and locks it for the rest of the caller's
    /// transaction: a running batch of the subscription finishes first, later ones wait for the commit.
    /// Returns where it stood.
    @discardableResult
    public static func lock(_ subscription: String, on connection: PostgresConnection) throws -> FeedCursor {
        try connection.query(
            """
            INSERT INTO subscription_checkpoints (tenant_id, subscription, transaction_id, position)
            VALUES (\(EventSubscription.globalTenant), \(subscription), '0'::xid8, 0) ON CONFLICT DO NOTHING
            """)
        let (xid, position) = try connection.query(
            """
            SELECT transaction_id::text, position FROM subscription_checkpoints
            WHERE tenant_id = \(EventSubscription.globalTenant) AND subscription = \(subscription) FOR UPDATE
            """
        ).single().decode((UInt64, Int64).self)
        return FeedCursor(transactionID: xid, position: position)
    }

    /// Moves the subscription to `cursor` (clearing a halt of the whole subscription) and replaces its
    /// halted tenants with `halts`: everything up to `cursor` has been handled elsewhere, as by a rebuild.
    public static func reset(
        _ subscription: String, to cursor: FeedCursor, halts: [TenantHalt],
        on connection: PostgresConnection
    ) throws {
        try connection.query(
            """
            UPDATE subscription_checkpoints
            SET transaction_id = \(String(cursor.transactionID))::xid8, position = \(cursor.position), updated_at = now(),
                halted_at = NULL, halt_reason = NULL
            WHERE tenant_id = \(EventSubscription.globalTenant) AND subscription = \(subscription)
            """)
        try connection.query(
            """
            DELETE FROM subscription_checkpoints WHERE subscription = \(subscription) AND tenant_id <> \(EventSubscription.globalTenant)
            """)
        for halt in halts { try EventSubscription.record(halt, subscription: subscription, on: connection) }
    }
}

extension EventStore {
    /// The feed position of the newest event stored (nil when there is none). Needs the system role.
    public static func newestCursor(on connection: PostgresConnection) throws -> FeedCursor? {
        try connection.query(
            """
            SELECT transaction_id::text, position FROM events ORDER BY events.transaction_id DESC, events.position DESC LIMIT 1
            """
        ).first.map { row in
            let (xid, position) = try row.decode((UInt64, Int64).self)
            return FeedCursor(transactionID: xid, position: position)
        }
    }

    /// How many events lie after a feed position, and when the oldest of them was recorded. Needs the system role.
    public static func backlog(after cursor: FeedCursor, on connection: PostgresConnection) throws -> (events: Int, oldest: Date?, now: Date) {
        let (count, oldest, now) = try connection.query(
            """
            SELECT count(*)::bigint, min(recorded_at), now() FROM events
            WHERE (transaction_id, position) > (\(String(cursor.transactionID))::xid8, \(cursor.position))
            """
        ).single().decode((Int64, Date?, Date).self)
        return (Int(count), oldest, now)
    }

    /// The id of the event at a stream's version. Needs the tenant declared or the system role.
    public static func eventID(of stream: StreamID, version: Int64, on connection: PostgresConnection) throws -> UUID {
        try connection.query(
            """
            SELECT event_id FROM events WHERE tenant_id = \(stream.tenant) AND stream_id = \(stream.name) AND stream_version = \(version)
            """
        ).single().column(0, as: UUID.self)
    }

    /// How many events are stored. Needs the system role.
    public static func eventCount(on connection: PostgresConnection) throws -> Int {
        Int(try connection.query("SELECT count(*)::bigint FROM events").single().column(0, as: Int64.self))
    }
}
