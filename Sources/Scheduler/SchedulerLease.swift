public import Foundation
public import Postgres

/// Leadership of the scheduler through one row (Schema/0014): holder, epoch, expiry. No
/// session-level lock, so it works through a transaction-mode pooler and after a failover.
///
/// The leader renews the row before it expires; once it has expired anyone may take it, which
/// raises the epoch. Every write of the scheduler checks its holder and epoch in the write's own
/// transaction (``check(on:)``), so a leader that was paused past its expiry writes nothing after
/// another took over.
public struct SchedulerLease: Sendable, Hashable {
    /// Who holds it (this process's scheduler).
    public var holder: String
    /// Raised at every takeover.
    public var epoch: Int64
    /// When it lapses unless renewed (database time).
    public var expiresAt: Date

    /// The lease as someone else holds it.
    public struct Held: Sendable, Hashable, Codable {
        public var holder: String
        public var epoch: Int64
        public var expiresAt: Date
    }

    /// What ``acquire(_:seconds:on:)`` found.
    public enum Acquisition: Sendable, Hashable {
        /// This holder leads, under this lease.
        case leads(SchedulerLease)
        /// Another holder's lease has not expired.
        case heldBy(Held)
    }

    /// Takes or renews the lease for `holder` for `seconds`; nil (with whoever holds it) when
    /// another holder's lease has not expired. Renewing keeps the epoch; taking over raises it.
    public static func acquire(
        _ holder: String, seconds: Int, on connection: PostgresConnection
    ) throws -> Acquisition {
        let taken = try connection.query(
            """
            INSERT INTO scheduler_lease AS l (name, holder, epoch, acquired_at, renewed_at, expires_at)
            VALUES ('scheduler', \(holder), 1, clock_timestamp(), clock_timestamp(),
                    clock_timestamp() + make_interval(secs => \(seconds)::float8))
            ON CONFLICT (name) DO UPDATE SET
                holder = EXCLUDED.holder,
                epoch = CASE WHEN l.holder = EXCLUDED.holder AND l.expires_at > clock_timestamp() THEN l.epoch ELSE l.epoch + 1 END,
                acquired_at = CASE WHEN l.holder = EXCLUDED.holder AND l.expires_at > clock_timestamp()
                                   THEN l.acquired_at ELSE clock_timestamp() END,
                renewed_at = clock_timestamp(),
                expires_at = EXCLUDED.expires_at
            WHERE l.holder = EXCLUDED.holder OR l.expires_at <= clock_timestamp()
            RETURNING epoch, expires_at
            """
        ).first
        if let taken {
            let (epoch, expires) = try taken.decode((Int64, Date).self)
            return .leads(SchedulerLease(holder: holder, epoch: epoch, expiresAt: expires))
        }
        let row = try connection.query("SELECT holder, epoch, expires_at FROM scheduler_lease WHERE name = 'scheduler'").single()
        let (other, epoch, expires) = try row.decode((String, Int64, Date).self)
        return .heldBy(Held(holder: other, epoch: epoch, expiresAt: expires))
    }

    /// The lease as it stands (expired or not); nil before any scheduler ran.
    public static func current(on connection: PostgresConnection) throws -> Held? {
        try connection.query("SELECT holder, epoch, expires_at FROM scheduler_lease WHERE name = 'scheduler'").first.map {
            let (holder, epoch, expires) = try $0.decode((String, Int64, Date).self)
            return Held(holder: holder, epoch: epoch, expiresAt: expires)
        }
    }

    /// Gives the lease up (at shutdown), so another instance need not wait for it to expire.
    public func release(on connection: PostgresConnection) throws {
        try connection.query(
            """
            UPDATE scheduler_lease SET expires_at = clock_timestamp()
            WHERE name = 'scheduler' AND holder = \(holder) AND epoch = \(epoch)
            """)
    }

    /// Throws ``SchedulerError/leaseLost`` unless this holder and epoch still hold an unexpired lease.
    /// Run inside the write's transaction: the row is locked `FOR SHARE`, so a takeover waits until
    /// that transaction ends.
    public func check(on connection: PostgresConnection) throws {
        let held = try connection.query(
            """
            SELECT 1 FROM scheduler_lease
            WHERE name = 'scheduler' AND holder = \(holder) AND epoch = \(epoch) AND expires_at > clock_timestamp()
            FOR SHARE
            """
        ).first
        if held == nil { throw SchedulerError.leaseLost(holder: holder, epoch: epoch) }
    }
}

/// Why the scheduler did not act.
public enum SchedulerError: Error, Sendable, CustomStringConvertible, Equatable {
    /// Another instance took over (or the lease expired) before this write; nothing was written.
    case leaseLost(holder: String, epoch: Int64)

    public var description: String {
        switch self {
        case .leaseLost(let holder, let epoch):
            "the scheduler lease of \(holder) (epoch \(epoch)) was lost before the write; another instance leads now, and nothing was written"
        }
    }
}
