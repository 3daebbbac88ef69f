public import EventStore
import Foundation
public import Logging
public import Postgres

/// The checkpointed runner of the read models: an ``EventSubscription`` (system role)
/// whose handler is a ``ReadModelProjector``. `run()` follows the feed live (serve);
/// `waitUntilApplied(_:)` drives it from the caller until a given position is applied
/// (read-your-writes, also in a one-shot CLI with no server running).
public final class ReadModelRunner: Sendable {
    /// The subscription (checkpoint row) name.
    public static let subscriptionName = "icp_read_models"
    /// The projection names `rebuild --projection` accepts.
    public static let projectionNames = ["icp_read_models"]

    public let projector: ReadModelProjector
    public let subscription: EventSubscription
    let logger: Logger

    /// - Parameters:
    ///   - systemPool: a pool logged in as the system role (reads every tenant's events).
    ///   - listenerSettings: a direct system-role connection for LISTEN; nil = polling only.
    public init(systemPool: PostgresPool, listenerSettings: PostgresConnectionSettings? = nil, batchSize: Int = 500,
                pollInterval: Duration = .seconds(1), logger: Logger = Logger(label: "projections.runner")) {
        let projector = ReadModelProjector(logger: logger)
        self.projector = projector
        self.logger = logger
        subscription = EventSubscription(
            name: Self.subscriptionName, pool: systemPool, listenerSettings: listenerSettings, batchSize: batchSize,
            pollInterval: pollInterval, logger: logger
        ) { [logger] connection, events in
            do {
                try projector.apply(events, on: connection)
            } catch {
                logger.error("read-model projector cannot apply a batch; halting", metadata: ["error": "\(error)"])
                throw error
            }
        }
    }

    /// Follows the feed until cancelled (throws when halted).
    public func run() async throws {
        try await subscription.run()
    }

    /// Applies whatever is available now.
    @discardableResult
    public func catchUp() async throws -> Int {
        try await subscription.catchUp()
    }

    /// Drives the runner until every event stored now is applied.
    public func catchUpToNewest(timeout: Duration = .seconds(60)) async throws {
        let newest = try await subscription.pool.withConnection { connection in
            try connection.query("""
                SELECT transaction_id::text, position FROM events ORDER BY events.transaction_id DESC, events.position DESC LIMIT 1
                """).first.map { row in
                let (xid, position) = try row.decode((String, Int64).self)
                return FeedCursor(transactionID: UInt64(xid) ?? 0, position: position)
            }
        }
        if let newest { try await waitUntilApplied(newest, timeout: timeout) }
    }

    /// Drives the runner until `cursor` is applied; throws ``ProjectionLagging`` after `timeout`,
    /// or ``ProjectionHalted`` (or the subscription's own halt error) when the runner is halted.
    public func waitUntilApplied(_ cursor: FeedCursor, timeout: Duration = .seconds(10)) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            try await subscription.catchUp()
            let status = try await subscription.status()
            if let reason = status.haltReason { throw ProjectionHalted(name: status.name, reason: reason) }
            if status.cursor >= cursor { return }
            if clock.now >= deadline { throw ProjectionLagging(wanted: cursor, reached: status.cursor, timeout: timeout) }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}

/// The read models did not reach a position in time (an older transaction is still open, or the database is slow).
public struct ProjectionLagging: Error, Sendable, CustomStringConvertible {
    public var wanted: FeedCursor
    public var reached: FeedCursor
    public var timeout: Duration
    public var description: String {
        "the read models reached \(reached) but not \(wanted) within \(timeout); the change is stored and will appear shortly"
    }
}

/// The runner is halted on an event it cannot apply; `icpledger rebuild` (after a fix) or `resume` clears it.
public struct ProjectionHalted: Error, Sendable, CustomStringConvertible {
    public var name: String
    public var reason: String
    public var description: String { "the read models (\(name)) are halted: \(reason)" }
}
