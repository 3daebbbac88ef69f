public import EventStore
public import Foundation
public import Logging
public import Postgres
import Projections
import Synchronization

/// Reads that a streaming standby answers in place of the primary, never staler than the reader
/// may see (shared/DESIGN.md, "One consistency token").
///
/// A read that carries a write's consistency token goes to the standby only once the standby has
/// replayed the projector's checkpoint past that write: its read models, and the events before
/// them, are then at least as new as the write. The standby is asked again every few
/// milliseconds for at most ``wait``; past that (replay paused, a standby far behind) the read
/// goes to the primary, which waits for its own read models as it always does. A read without a
/// token goes to the standby while it trails by at most ``maxLagSeconds``: its replay behind what it
/// received, or, with no WAL receiver running (the primary gone or out of reach), the time since it
/// last replayed anything, since what it missed is unknown. A standby that cannot be reached is left alone for a few seconds and
/// every read goes to the primary meanwhile.
public final class ReplicaReads: Sendable {
    /// Where a read was answered.
    public enum Source: String, Sendable {
        case replica, primary
    }

    /// What to do about a read, given where the standby stands.
    public enum Decision: Sendable, Equatable {
        case replica, wait, primary
    }

    /// The application layer over the standby: its request-path pool reads there.
    public let ledger: Ledger
    let probePool: PostgresPool
    /// The longest a read with a token waits for the standby before it goes to the primary.
    public let wait: Duration
    /// The most a standby's replay may trail for reads without a token.
    public let maxLagSeconds: Double
    let logger: Logger
    private let clock = ContinuousClock()
    /// The last lag verdict (reads without a token share it for a moment) and, after a failed
    /// probe, until when the standby is left alone.
    private let recent = Mutex<(until: ContinuousClock.Instant, replica: Bool)?>(nil)

    /// - Parameters:
    ///   - ledger: the application layer whose request-path pool logs in to the standby.
    ///   - probePool: a system-role pool on the standby, for its checkpoint and replay state.
    public init(ledger: Ledger, probePool: PostgresPool, wait: Duration, maxLagSeconds: Double, logger: Logger) {
        self.ledger = ledger
        self.probePool = probePool
        self.wait = wait
        self.maxLagSeconds = maxLagSeconds
        self.logger = logger
    }

    /// The rule, free of I/O: with a token, the standby once its checkpoint has passed the token
    /// (the primary when the tenant's projection is halted, so the halt is reported as usual);
    /// without one, the standby while its replay lag is within `maxLagSeconds`.
    public static func decide(_ standing: ReplicatedStanding, after cursor: FeedCursor?, maxLagSeconds: Double) -> Decision {
        guard let cursor else { return standing.replayLagSeconds <= maxLagSeconds ? .replica : .primary }
        if standing.tenantHalted { return .primary }
        if let reached = standing.cursor, reached >= cursor { return .replica }
        return .wait
    }

    /// Where a read of `tenant`'s data goes, after the write at `cursor` when one is named.
    public func source(after cursor: FeedCursor?, tenant: UUID) async -> Source {
        if let known = recent.withLock({ $0 }), clock.now < known.until, cursor == nil || !known.replica {
            return known.replica ? .replica : .primary
        }
        let deadline = clock.now.advanced(by: wait)
        while true {
            let standing: ReplicatedStanding
            do {
                standing = try await probePool.withConnection { connection in
                    try EventSubscription.replicatedStanding(of: ReadModelRunner.subscriptionName, tenant: tenant, on: connection)
                }
            } catch {
                logger.warning("the read replica cannot be asked; reads go to the primary for 5 s: \(error)")
                recent.withLock { $0 = (clock.now.advanced(by: .seconds(5)), false) }
                return .primary
            }
            switch Self.decide(standing, after: cursor, maxLagSeconds: maxLagSeconds) {
            case .replica:
                if cursor == nil { recent.withLock { $0 = (clock.now.advanced(by: .milliseconds(500)), true) } }
                return .replica
            case .primary:
                if cursor == nil { recent.withLock { $0 = (clock.now.advanced(by: .milliseconds(500)), false) } }
                return .primary
            case .wait:
                if clock.now >= deadline { return .primary }
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
    }

    /// Whether a read that failed on the standby should be answered by the primary instead: the
    /// standby was lost or cancelled the query (a conflict with recovery), or the read turned out
    /// to need a write (a board report that records a new checkpoint).
    public static func primaryShouldAnswer(after error: any Error) -> Bool {
        guard let error = error as? PostgresError else { return false }
        return error.isTransient || error.sqlState == "25006"
    }
}
