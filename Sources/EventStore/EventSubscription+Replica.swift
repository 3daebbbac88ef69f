public import Foundation
public import Postgres

/// How far a server has a subscription: on a streaming standby, what its replay has brought over
/// from the primary's projector. Read with plain SELECTs, so it works on a server in recovery.
public struct ReplicatedStanding: Sendable, Hashable {
    /// The subscription's checkpoint as this server has it (nil: no checkpoint row yet).
    public var cursor: FeedCursor?
    /// Whether the subscription is halted for the tenant asked about.
    public var tenantHalted: Bool
    /// Whether the server is a standby (in recovery).
    public var inRecovery: Bool
    /// How far the standby may trail, in seconds: 0 while it receives WAL from the primary and has
    /// replayed all of it (or it is not a standby); else the time since the last transaction it
    /// replayed — replay paused or behind, or no WAL receiver (the primary is gone or unreachable, so
    /// what it missed is unknown).
    public var replayLagSeconds: Double

    public init(cursor: FeedCursor?, tenantHalted: Bool, inRecovery: Bool, replayLagSeconds: Double) {
        self.cursor = cursor
        self.tenantHalted = tenantHalted
        self.inRecovery = inRecovery
        self.replayLagSeconds = replayLagSeconds
    }
}

extension EventSubscription {
    /// Where the subscription `name` stands on the server `connection` reaches, for `tenant`; read-only.
    public static func replicatedStanding(of name: String, tenant: UUID, on connection: PostgresConnection) throws -> ReplicatedStanding {
        let row = try connection.query(
            """
            SELECT c.transaction_id::text, c.position,
                   EXISTS (SELECT FROM subscription_checkpoints h
                           WHERE h.subscription = \(name) AND h.tenant_id = \(tenant) AND h.halted_at IS NOT NULL),
                   pg_is_in_recovery(),
                   CASE WHEN NOT pg_is_in_recovery() THEN 0
                        WHEN EXISTS (SELECT FROM pg_stat_wal_receiver WHERE pid IS NOT NULL)
                             AND pg_last_wal_replay_lsn() >= pg_last_wal_receive_lsn() THEN 0
                        ELSE COALESCE(extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()), 1e9)
                   END::float8
            FROM (SELECT 1) AS one
            LEFT JOIN subscription_checkpoints c ON c.tenant_id = \(globalTenant) AND c.subscription = \(name)
            """
        ).single()
        let (xid, position, halted, recovery, lag) = try row.decode((String?, Int64?, Bool, Bool, Double).self)
        let cursor = xid.flatMap(UInt64.init).flatMap { id in position.map { FeedCursor(transactionID: id, position: $0) } }
        return ReplicatedStanding(cursor: cursor, tenantHalted: halted, inRecovery: recovery, replayLagSeconds: lag)
    }
}
