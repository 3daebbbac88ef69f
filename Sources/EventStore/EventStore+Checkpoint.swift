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
        let ownTransaction = connection.isIdle
        if ownTransaction { try connection.query("BEGIN") }
        defer { if ownTransaction { connection.rollBackIfNeeded() } }
        let horizon = try feedHorizon(on: connection)
        try setTenant(tenant, on: connection)
        // COPY takes no parameters: the horizon is bound into a setting, read once (an InitPlan).
        try connection.query("SELECT set_config('icpledger.copy_below_xid', \(String(horizon)), true)")
        // Below the horizon every transaction has ended, so both statements see the same events.
        let last = try connection.query(
            """
            SELECT transaction_id::text, position FROM events
            WHERE tenant_id = (SELECT current_setting('app.tenant')::uuid)
              AND transaction_id < (SELECT current_setting('icpledger.copy_below_xid')::xid8)
            ORDER BY events.transaction_id DESC, events.position DESC LIMIT 1
            """
        ).first.map { try $0.decode((String, Int64).self) }
        var hashes: [MerkleHash] = []
        try connection.copyOutBinary(
            """
            COPY (SELECT hash FROM events
                  WHERE tenant_id = (SELECT current_setting('app.tenant')::uuid)
                    AND transaction_id < (SELECT current_setting('icpledger.copy_below_xid')::xid8)
                  ORDER BY events.transaction_id, events.position) TO STDOUT (FORMAT binary)
            """
        ) { row in
            guard let hash = MerkleHash(bytes: try row.value()) else { throw PostgresError.unexpectedResult("an event hash is not 32 bytes") }
            hashes.append(hash)
        }
        let through = last.flatMap { xid, position in UInt64(xid).map { FeedCursor(transactionID: $0, position: position) } } ?? .start
        return TenantLog(leaves: MerkleTree.leafHashes(of: hashes), through: through)
    }

    /// ``tenantLog(_:on:)`` on a connection of the pool.
    public func tenantLog(_ tenant: UUID) async throws -> TenantLog {
        try await pool.withConnection { try Self.tenantLog(tenant, on: $0) }
    }
}
