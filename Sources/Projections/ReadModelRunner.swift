public import EventStore
public import Foundation
public import Logging
public import Postgres
import ServiceLifecycle

/// The checkpointed runner of the read models: an ``EventSubscription`` (system role)
/// whose handler is a ``ReadModelProjector``. `run()` follows the feed live (serve);
/// `waitUntilApplied(_:tenant:timeout:)` drives it from the caller until a given position is
/// applied (read-your-writes, also in a one-shot CLI with no server running).
///
/// An event the projector cannot apply halts its own workspace only (see ``EventSubscription``):
/// that workspace's commands still store their events but report the halt instead of showing
/// them, and every other workspace goes on.
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
    public init(
        systemPool: PostgresPool, listenerSettings: PostgresConnectionSettings? = nil, batchSize: Int = 500,
        pollInterval: Duration = .seconds(1), logger: Logger = Logger(label: "projections.runner")
    ) {
        let projector = ReadModelProjector(logger: logger)
        self.projector = projector
        self.logger = logger
        subscription = EventSubscription(
            name: Self.subscriptionName, pool: systemPool, listenerSettings: listenerSettings, batchSize: batchSize,
            pollInterval: pollInterval, logger: logger
        ) { connection, events in
            try projector.apply(events, on: connection)
        }
    }

    /// Follows the feed until cancelled or, in a service group, until it shuts down; failures are
    /// retried, never the end of it.
    public func run() async throws {
        let subscription = subscription
        try await cancelWhenGracefulShutdown { try await subscription.run() }
    }

    /// Applies whatever is available now.
    @discardableResult
    public func catchUp() async throws -> Int {
        try await subscription.catchUp()
    }

    /// Drives the runner until every event stored now is applied (or passed over for a halted workspace).
    public func catchUpToNewest(timeout: Duration = .seconds(60)) async throws {
        let newest = try await subscription.pool.withConnection { try EventStore.newestCursor(on: $0) }
        if let newest { try await waitUntilApplied(newest, timeout: timeout) }
    }

    /// Drives the runner until `cursor` is applied; throws ``ProjectionLagging`` after `timeout`,
    /// or ``ProjectionHalted`` when the runner, or `tenant`'s projection at or before `cursor`, is halted.
    ///
    /// A transient failure of a catch-up round (a lock or statement timeout while the live runner's
    /// batch holds the checkpoint, a lost connection) is not the caller's: the round is tried again
    /// until `timeout`, and that failure is thrown only if the position is still not applied then.
    public func waitUntilApplied(_ cursor: FeedCursor, tenant: UUID? = nil, timeout: Duration = .seconds(10)) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            var failure: PostgresError?
            do {
                try await subscription.catchUp()
            } catch let error as PostgresError where error.isTransient {
                failure = error
            }
            let status = try await subscription.status(tenant: tenant)
            if let reason = status.haltReason { throw ProjectionHalted(name: status.name, reason: reason, halt: nil) }
            if let halt = status.tenantHalt, halt.cursor <= cursor {
                throw ProjectionHalted(name: status.name, reason: halt.reason, halt: halt)
            }
            if status.cursor >= cursor { return }
            if clock.now >= deadline { throw failure ?? ProjectionLagging(wanted: cursor, reached: status.cursor, timeout: timeout) }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Where the read models stand: checkpoint, lag behind the newest event, halted workspaces,
    /// and (in a process that runs it) the live loop's state.
    public func status() async throws -> ProjectionStatus {
        let status = try await subscription.status()
        let halts = try await subscription.haltedTenants()
        let cursor = status.cursor
        let (behind, oldest, now) = try await subscription.pool.withConnection { try EventStore.backlog(after: cursor, on: $0) }
        let health = subscription.health.state
        return ProjectionStatus(
            name: status.name, cursor: cursor, eventsBehind: behind,
            secondsBehind: oldest.map { max(0, now.timeIntervalSince($0)) } ?? 0,
            haltedTenants: halts, haltReason: status.haltReason, loop: health.state, loopSince: health.since)
    }
}

/// Where a projection stands, for `icpledger status` and readiness checks.
public struct ProjectionStatus: Sendable {
    public var name: String
    /// The last event applied (or passed over for a halted workspace).
    public var cursor: FeedCursor
    /// Events stored after the checkpoint.
    public var eventsBehind: Int
    /// How long the oldest of them has been waiting.
    public var secondsBehind: Double
    /// Workspaces whose projection is halted on an event it cannot apply.
    public var haltedTenants: [TenantHalt]
    /// Set when the whole projection was halted (by an earlier version).
    public var haltReason: String?
    /// The live loop's state in this process (`stopped` where nothing runs it, as in the CLI).
    public var loop: SubscriptionHealth.State
    public var loopSince: Date
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

/// The read models of a workspace (or, from earlier versions, of all) are halted on an event they cannot apply.
public struct ProjectionHalted: Error, Sendable, CustomStringConvertible {
    public var name: String
    public var reason: String
    /// The workspace's halt, when it is one workspace's.
    public var halt: TenantHalt?
    public var description: String {
        guard let halt else { return "the read models (\(name)) are halted: \(reason)" }
        return "the change is stored, but this workspace's read models are halted at event \(halt.streamVersion) of "
            + "\(halt.stream) (\(halt.eventType), feed position \(halt.cursor)), which they cannot apply: \(halt.reason). "
            + "Other workspaces are not affected; an operator can run `icpledger status` and `icpledger rebuild`"
    }
}
