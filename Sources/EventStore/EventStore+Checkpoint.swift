public import Foundation
public import Postgres

/// A tenant's log as a checkpoint covers it: the hashes of its events in feed order
/// (transaction, position), up to the feed horizon — below it no event can still appear, so the
/// order is final and a later checkpoint's leaves always extend an earlier one's.
public struct TenantLog: Sendable {
    /// The leaf hash (RFC 9162) of each event's stored hash, in feed order.
    public var leaves: [MerkleHash]
    /// Where the last covered event stands in the feed (`.start` when there is none).
    public var through: FeedCursor

    /// The root over every leaf (computed on two cores for a large log).
    public var root: MerkleHash { MerkleTree.parallelRoot(leaves) }
}

extension EventStore {
    /// Reads a tenant's log up to the feed horizon, on a connection the caller holds (in a
    /// transaction of its own when the connection is idle). One COPY in binary: about 50 bytes a
    /// row leave the server. The leaves are hashed afterwards, on every core.
    public static func tenantLog(_ tenant: UUID, on connection: PostgresConnection) throws -> TenantLog {
        var hashes: [MerkleHash] = []
        let through = try copyTenantFeed(tenant, columns: "hash", on: connection) { row in
            guard let hash = MerkleHash(bytes: try row.value()) else { throw PostgresError.unexpectedResult("an event hash is not 32 bytes") }
            hashes.append(hash)
        }
        return TenantLog(leaves: MerkleTree.leafHashes(of: hashes), through: through)
    }

    /// Copies `columns` of a tenant's events in feed order up to the feed horizon (one binary COPY,
    /// in a transaction of its own when the connection is idle) and returns where the last one
    /// stands. Below the horizon every transaction has ended, so the set of events is final.
    static func copyTenantFeed(
        _ tenant: UUID, columns: StaticString, on connection: PostgresConnection, _ body: (inout PostgresBinaryCopyRow) throws -> Void
    ) throws -> FeedCursor {
        let ownTransaction = connection.isIdle
        if ownTransaction { try connection.query("BEGIN") }
        defer { if ownTransaction { connection.rollBackIfNeeded() } }
        let horizon = try feedHorizon(on: connection)
        try setTenant(tenant, on: connection)
        // COPY takes no parameters: the horizon is bound into a setting, read once (an InitPlan).
        try connection.query("SELECT set_config('icpledger.copy_below_xid', \(String(horizon)), true)")
        let filter = """
            WHERE tenant_id = (SELECT current_setting('app.tenant')::uuid)
              AND transaction_id < (SELECT current_setting('icpledger.copy_below_xid')::xid8)
            """
        let last = try connection.query(
            PostgresQuery(
                unsafeSQL:
                    "SELECT transaction_id::text, position FROM events \(filter) ORDER BY events.transaction_id DESC, events.position DESC LIMIT 1")
        ).first.map { try $0.decode((String, Int64).self) }
        try connection.copyOutBinary(
            PostgresQuery(
                unsafeSQL: "COPY (SELECT \(columns) FROM events \(filter) ORDER BY events.transaction_id, events.position) TO STDOUT (FORMAT binary)"),
            body)
        return last.flatMap { xid, position in UInt64(xid).map { FeedCursor(transactionID: $0, position: position) } } ?? .start
    }

    /// ``tenantLog(_:on:)`` on a connection of the pool.
    public func tenantLog(_ tenant: UUID) async throws -> TenantLog {
        try await pool.withConnection { try Self.tenantLog(tenant, on: $0) }
    }
}

/// A tenant's events up to the feed horizon, in feed order, with the log a checkpoint of exactly
/// these events covers: what a report reads, so that the checkpoint it carries covers everything it
/// shows and nothing it does not.
public struct TenantHistory: Sendable {
    public var events: [RecordedEvent]
    public var log: TenantLog
}

extension EventStore {
    /// Reads a tenant's events up to the feed horizon, in feed order, in one transaction, and the
    /// log over their hashes (``TenantLog``): the same events ``tenantLog(_:)`` would cover.
    ///
    /// The horizon is the whole cluster's: another tenant's transaction still open holds it back,
    /// and events this tenant has committed above it are left out. With `waitingUpTo`, the read is
    /// repeated (every 50 ms) until it holds every event the tenant has committed, or the time is up;
    /// what it then returns is still a final prefix of the feed, only perhaps a shorter one.
    public func tenantHistory(_ tenant: UUID, waitingUpTo timeout: Duration = .zero) async throws -> TenantHistory {
        let deadline = ContinuousClock.now + timeout
        while true {
            let (events, committed) = try await pool.withConnection { connection in
                try connection.transaction { connection in
                    let horizon = try Self.feedHorizon(on: connection)
                    try Self.setTenant(tenant, on: connection)
                    var events: [RecordedEvent] = []
                    var cursor = FeedCursor.start
                    while true {
                        let page = try Self.readAll(after: cursor, below: horizon, tenant: tenant, limit: 10_000, on: connection)
                        events.append(contentsOf: page)
                        guard page.count == 10_000, let last = page.last else { break }
                        cursor = last.cursor
                    }
                    let committed = try connection.query("SELECT count(*) FROM events WHERE tenant_id = \(tenant)").single().column(0, as: Int.self)
                    return (events, committed)
                }
            }
            if events.count >= committed || ContinuousClock.now >= deadline { return try Self.history(of: events) }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    static func history(of events: [RecordedEvent]) throws -> TenantHistory {
        var hashes: [MerkleHash] = []
        hashes.reserveCapacity(events.count)
        for event in events {
            guard let hash = MerkleHash(event.hash) else { throw PostgresError.unexpectedResult("an event hash is not 32 bytes") }
            hashes.append(hash)
        }
        return TenantHistory(events: events, log: TenantLog(leaves: MerkleTree.leafHashes(of: hashes), through: events.last?.cursor ?? .start))
    }
}
