public import Foundation
public import Logging
public import Postgres

/// Hands every committed event, in feed order, exactly once, to a handler — and keeps one
/// tenant's unappliable event from stopping every other tenant.
///
/// Each batch runs in one transaction that locks the subscription's checkpoint row, reads the
/// next events (never past the oldest open transaction), calls the handler on the same
/// connection and moves the checkpoint: the handler's writes and the checkpoint commit together,
/// so a crash repeats nothing and skips nothing, and two instances of one subscription never
/// handle the same batch. It wakes on NOTIFY and polls as well, since a notification can be lost.
///
/// When the handler throws, the batch is retried tenant by tenant and then event by event, each
/// under a savepoint, to find the event it cannot apply. That event's tenant is halted at it
/// (a checkpoint row of its own with the reason, visible to that tenant and to operators); its
/// later events are passed over until ``resume(tenant:)`` hands them to the handler again. Other
/// tenants' events are applied as usual. A transient failure (a lost connection, a deadlock, a
/// timeout: ``PostgresError/isTransient``) halts nothing: the batch is rolled back and retried.
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
    /// What the live loop is doing, for readiness checks.
    public let health = SubscriptionHealth()

    /// Checkpoints of global subscriptions live under the nil tenant.
    public static let globalTenant = UUID(uuidString: "00000000-0000-0000-0000-000000000000")!

    public init(
        name: String, pool: PostgresPool, listenerSettings: PostgresConnectionSettings?,
        batchSize: Int = 500, pollInterval: Duration = .seconds(1),
        logger: Logger = Logger(label: "eventstore.subscription"), handler: @escaping Handler
    ) {
        self.name = name
        self.pool = pool
        self.listenerSettings = listenerSettings
        self.batchSize = batchSize
        self.pollInterval = pollInterval
        self.handler = handler
        self.logger = logger
    }

    /// Handles every event available now, batch by batch; returns how many it handled
    /// (including those of halted tenants it passed over).
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
    ///
    /// A transient failure of a round (a lock or statement timeout while another driver's batch
    /// holds the checkpoint, a lost connection) is retried until `timeout`, and thrown only if the
    /// checkpoint has not reached `cursor` by then.
    public func catchUp(through cursor: FeedCursor, timeout: Duration = .seconds(10)) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            var failure: PostgresError?
            do {
                try await catchUp()
            } catch let error as PostgresError where error.isTransient {
                failure = error
            }
            if try await status().cursor >= cursor { return }
            guard clock.now < deadline else { throw failure ?? SubscriptionLagging(name: name, target: cursor, timeout: timeout) }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Follows the feed until the task is cancelled. Failures never end it: transient ones are
    /// retried with a growing pause (up to 5 s), others too but reported as errors, and
    /// ``health`` says which state it is in.
    ///
    /// The LISTEN loop is a child task: it has ended, its connection closed, when this returns.
    public func run() async throws {
        let wake = WakeFlag()
        let listener = listenerSettings.map { PostgresListener(settings: $0, channels: [EventStore.notificationChannel], logger: logger) }
        await withDiscardingTaskGroup { group in
            if let listener {
                group.addTask {
                    for await _ in listener.notifications() { wake.raise() }
                }
            }
            await follow(waking: wake)
            listener?.stop()
        }
        health.set(.stopped)
    }

    /// The catch-up loop of ``run()``: until cancelled or the pool closes.
    private func follow(waking wake: WakeFlag) async {
        var backoff = Duration.milliseconds(100)
        health.set(.running)
        while !Task.isCancelled {
            do {
                try await catchUp()
                backoff = .milliseconds(100)
                health.set(.running)
            } catch is CancellationError {
                break
            } catch PostgresError.poolClosed {
                break
            } catch {
                let transient = (error as? PostgresError)?.isTransient ?? false
                health.set(.retrying(String(describing: error)))
                if transient {
                    logger.warning("subscription \(name) will retry after a transient failure", metadata: ["error": "\(error)"])
                } else {
                    logger.error("subscription \(name) failed and will retry", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(5))
                continue
            }
            await wake.wait(upTo: pollInterval)
        }
    }

    /// The subscription's checkpoint, and the halt of `tenant` (when given) or of the whole
    /// subscription (halts recorded by earlier versions).
    public func status(tenant: UUID? = nil) async throws -> SubscriptionStatus {
        try await ensureCheckpoint()
        let name = name
        return try await pool.withConnection { connection in
            let row = try connection.query(
                """
                SELECT transaction_id::text, position, halted_at, halt_reason FROM subscription_checkpoints
                WHERE tenant_id = \(Self.globalTenant) AND subscription = \(name)
                """
            ).single()
            let (xid, position, haltedAt, reason) = try row.decode((String, Int64, Date?, String?).self)
            var status = SubscriptionStatus(
                name: name, cursor: FeedCursor(transactionID: UInt64(xid) ?? 0, position: position),
                haltedAt: haltedAt, haltReason: reason)
            if let tenant {
                status.tenantHalt = try Self.halts(of: name, tenant: tenant, on: connection).first
            }
            return status
        }
    }

    /// Every tenant halted on an event it cannot apply.
    public func haltedTenants() async throws -> [TenantHalt] {
        let name = name
        return try await pool.withConnection { try Self.halts(of: name, tenant: nil, on: $0) }
    }

    /// Clears a halt of the whole subscription (recorded by earlier versions) so it resumes.
    public func resume() async throws {
        let name = name
        try await pool.query(
            """
            UPDATE subscription_checkpoints SET halted_at = NULL, halt_reason = NULL
            WHERE tenant_id = \(Self.globalTenant) AND subscription = \(name)
            """)
    }

    private func ensureCheckpoint() async throws {
        let name = name
        try await pool.query(
            """
            INSERT INTO subscription_checkpoints (tenant_id, subscription, transaction_id, position)
            VALUES (\(Self.globalTenant), \(name), '0'::xid8, 0) ON CONFLICT DO NOTHING
            """)
    }

    private func handleNextBatch() async throws -> Int {
        let name = name, batchSize = batchSize, handler = handler, logger = logger
        let outcome: BatchOutcome = try await pool.withConnection { connection in
            try connection.transaction { connection in
                // The read limit is taken here, in an earlier statement than the read itself: every
                // transaction below it has ended before the read's snapshot, so all its events are visible.
                let row = try connection.query(
                    """
                    SELECT transaction_id::text, position, halt_reason, pg_snapshot_xmin(pg_current_snapshot())::text
                    FROM subscription_checkpoints
                    WHERE tenant_id = \(Self.globalTenant) AND subscription = \(name) FOR UPDATE
                    """
                ).single()
                let (xid, position, haltReason, horizon) = try row.decode((String, Int64, String?, String).self)
                if let haltReason { return .halted(haltReason) }
                let cursor = FeedCursor(transactionID: UInt64(xid) ?? 0, position: position)
                let events = try EventStore.readAll(after: cursor, below: UInt64(horizon) ?? 0, limit: batchSize, on: connection)
                guard let last = events.last else { return .handled(0, []) }
                let halted = Set(try Self.halts(of: name, tenant: nil, on: connection).map(\.tenant))
                let live = halted.isEmpty ? events : events.filter { !halted.contains($0.stream.tenant) }
                let newHalts = try Self.apply(live, with: handler, subscription: name, on: connection)
                try connection.query(
                    """
                    UPDATE subscription_checkpoints
                    SET transaction_id = \(String(last.transactionID))::xid8, position = \(last.position), updated_at = now()
                    WHERE tenant_id = \(Self.globalTenant) AND subscription = \(name)
                    """)
                return .handled(events.count, newHalts)
            }
        }
        switch outcome {
        case .handled(let count, let halts):
            for halt in halts {
                logger.error(
                    "subscription \(name) halted one tenant on an event it cannot apply; other tenants go on",
                    metadata: [
                        "tenant": "\(halt.tenant)", "stream": "\(halt.stream)", "version": "\(halt.streamVersion)",
                        "type": "\(halt.eventType)", "position": "\(halt.cursor)", "reason": "\(halt.reason)",
                    ])
            }
            return count
        case .halted(let reason):
            logger.error("subscription \(name) is halted: \(reason)")
            throw SubscriptionHalted(name: name, reason: reason)
        }
    }

    private enum BatchOutcome: Sendable {
        case handled(Int, [TenantHalt])
        case halted(String)
    }
}
