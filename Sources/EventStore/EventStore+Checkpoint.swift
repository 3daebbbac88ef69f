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
