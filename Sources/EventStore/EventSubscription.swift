public import Foundation
public import Logging
public import Postgres

/// Hands every committed event, in feed order, exactly once, to a handler.
///
/// Each batch runs in one transaction that locks the subscription's checkpoint row,
/// reads the next events (never past the oldest open transaction), calls the handler
/// on the same connection and moves the checkpoint: the handler's writes and the
/// checkpoint commit together, so a crash repeats nothing and skips nothing, and two
/// instances of one subscription never handle the same batch. It wakes on NOTIFY and
/// polls as well, since a notification can be lost. A handler error halts the
/// subscription visibly (recorded on its checkpoint row) instead of skipping the event.
public final class EventSubscription: Sendable {
    /// Applies a batch on the subscription's connection, inside its transaction.
    public typealias Handler = @Sendable (PostgresConnection, [RecordedEvent]) throws -> Void

    public let name: String
    /// A pool logged in as the system role.
    public let pool: PostgresPool
    let listenerSettings: PostgresConnectionSettings?
    let batchSize: Int
    let pollInterval: Duration
    let handler: Handler
    let logger: Logger

    /// Checkpoints of global subscriptions live under the nil tenant.
    static let globalTenant = UUID(uuidString: "00000000-0000-0000-0000-000000000000")!

    public init(name: String, pool: PostgresPool, listenerSettings: PostgresConnectionSettings?,
                batchSize: Int = 500, pollInterval: Duration = .seconds(1),
                logger: Logger = Logger(label: "eventstore.subscription"), handler: @escaping Handler) {
        self.name = name
        self.pool = pool
        self.listenerSettings = listenerSettings
        self.batchSize = batchSize
        self.pollInterval = pollInterval
        self.handler = handler
        self.logger = logger
    }

    /// Handles every event available now, batch by batch; returns how many it handled.
    @discardableResult
    public func catchUp() async throws -> Int {
        try await ensureCheckpoint()
        var total = 0
        while true {
            let handled = try await handleNextBatch()
            total += handled
            if handled < batchSize { return total }
        }
    }

    /// Catches up until the checkpoint has reached `cursor` (e.g. an append's result), so a
    /// reader that runs next sees that write: read-your-writes without a running server.
    /// Events of later transactions wait while an older one is still open anywhere in the
    /// cluster, so this may take a few rounds; it gives up after `timeout`.
    public func catchUp(through cursor: FeedCursor, timeout: Duration = .seconds(10)) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            try await catchUp()
            if try await status().cursor >= cursor { return }
            guard clock.now < deadline else { throw SubscriptionLagging(name: name, target: cursor, timeout: timeout) }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Follows the feed until the task is cancelled; throws when the handler fails (halted).
    public func run() async throws {
        let wake = WakeFlag()
        let listener = listenerSettings.map { PostgresListener(settings: $0, channels: [EventStore.notificationChannel], logger: logger) }
        let listening = Task {
            guard let listener else { return }
            for await _ in listener.notifications() { wake.raise() }
        }
        defer {
            listener?.stop()
            listening.cancel()
        }
        var backoff = Duration.milliseconds(100)
        while !Task.isCancelled {
            do {
                try await catchUp()
                backoff = .milliseconds(100)
            } catch let error as PostgresError {
                if case .server = error { throw error }
                logger.warning("subscription \(name) lost its connection; retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(5))
                continue
            }
            await wake.wait(upTo: pollInterval)
        }
    }

    /// The subscription's checkpoint and halt state.
    public func status() async throws -> SubscriptionStatus {
        try await ensureCheckpoint()
        let name = name
        return try await pool.withConnection { connection in
            let row = try connection.query("""
                SELECT transaction_id::text, position, halted_at, halt_reason FROM subscription_checkpoints
                WHERE tenant_id = \(Self.globalTenant) AND subscription = \(name)
                """).single()
            let (xid, position, haltedAt, reason) = try row.decode((String, Int64, Date?, String?).self)
            return SubscriptionStatus(name: name, cursor: FeedCursor(transactionID: UInt64(xid) ?? 0, position: position),
                                      haltedAt: haltedAt, haltReason: reason)
        }
    }

    /// Clears a halt so the subscription resumes (after the cause was fixed).
    public func resume() async throws {
        let name = name
        try await pool.query("""
            UPDATE subscription_checkpoints SET halted_at = NULL, halt_reason = NULL
            WHERE tenant_id = \(Self.globalTenant) AND subscription = \(name)
            """)
    }

    private func ensureCheckpoint() async throws {
        let name = name
        try await pool.query("""
            INSERT INTO subscription_checkpoints (tenant_id, subscription, transaction_id, position)
            VALUES (\(Self.globalTenant), \(name), '0'::xid8, 0) ON CONFLICT DO NOTHING
            """)
    }

    private func handleNextBatch() async throws -> Int {
        let name = name, batchSize = batchSize, handler = handler
        let outcome: BatchOutcome = try await pool.withConnection { connection in
            try connection.transaction { connection in
                // The read limit is taken here, in an earlier statement than the read itself: every
                // transaction below it has ended before the read's snapshot, so all its events are visible.
                let row = try connection.query("""
                    SELECT transaction_id::text, position, halt_reason, pg_snapshot_xmin(pg_current_snapshot())::text
                    FROM subscription_checkpoints
                    WHERE tenant_id = \(Self.globalTenant) AND subscription = \(name) FOR UPDATE
                    """).single()
                let (xid, position, haltReason, horizon) = try row.decode((String, Int64, String?, String).self)
                if let haltReason { return .halted(haltReason) }
                let cursor = FeedCursor(transactionID: UInt64(xid) ?? 0, position: position)
                let events = try EventStore.readAll(after: cursor, below: UInt64(horizon) ?? 0, limit: batchSize, on: connection)
                guard let last = events.last else { return .handled(0) }
                try connection.query("SAVEPOINT handler")
                do {
                    try handler(connection, events)
                } catch {
                    try connection.query("ROLLBACK TO SAVEPOINT handler")
                    let reason = "cannot apply events after \(cursor) (types \(Set(events.map(\.type)).sorted().joined(separator: ", "))): \(error)"
                    try connection.query("""
                        UPDATE subscription_checkpoints SET halted_at = now(), halt_reason = \(reason)
                        WHERE tenant_id = \(Self.globalTenant) AND subscription = \(name)
                        """)
                    return .halted(reason)
                }
                try connection.query("""
                    UPDATE subscription_checkpoints
                    SET transaction_id = \(String(last.transactionID))::xid8, position = \(last.position), updated_at = now()
                    WHERE tenant_id = \(Self.globalTenant) AND subscription = \(name)
                    """)
                return .handled(events.count)
            }
        }
        switch outcome {
        case .handled(let count): return count
        case .halted(let reason):
            logger.error("subscription \(name) is halted: \(reason)")
            throw SubscriptionHalted(name: name, reason: reason)
        }
    }

    private enum BatchOutcome: Sendable {
        case handled(Int)
        case halted(String)
    }
}

/// Where a subscription stands.
public struct SubscriptionStatus: Sendable, Equatable {
    public var name: String
    public var cursor: FeedCursor
    public var haltedAt: Date?
    public var haltReason: String?
    public var isHalted: Bool { haltedAt != nil }
}

/// The subscription stopped because its handler could not apply an event.
public struct SubscriptionHalted: Error, Sendable, CustomStringConvertible {
    public var name: String
    public var reason: String
    public var description: String { "subscription \(name) is halted: \(reason)" }
}

/// The subscription did not reach a position in time (an old transaction is holding the feed back).
public struct SubscriptionLagging: Error, Sendable, CustomStringConvertible {
    public var name: String
    public var target: FeedCursor
    public var timeout: Duration
    public var description: String {
        "subscription \(name) did not reach \(target) within \(timeout): a long-running transaction may be holding the feed back"
    }
}

/// A wake-up flag raised by notifications and awaited with a timeout.
final class WakeFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false

    func raise() { lock.withLock { raised = true } }

    /// Returns when raised (clearing it) or after the timeout.
    func wait(upTo timeout: Duration) async {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while clock.now < deadline && !Task.isCancelled {
            if lock.withLock({ let was = raised; raised = false; return was }) { return }
            try? await Task.sleep(for: .milliseconds(2))
        }
    }
}
