import ByteText
public import Foundation
public import Postgres

/// The append-only event store over PostgreSQL.
///
/// Every operation runs in a transaction that first declares its tenant
/// (`set_config('app.tenant', …, true)`), so row-level security holds even behind a
/// transaction-mode pooler. An append is one statement and one round trip: its INSERT
/// declares the tenant as it forms the rows, in its own implicit transaction. Subscribers
/// are woken by a NOTIFY sent after the commit, coalesced across appends (see `FeedNotifier`).
public struct EventStore: Sendable {
    /// The pool the store runs on (the request-path role for tenant work, the system role for the global feed).
    public let pool: PostgresPool
    /// The channel NOTIFY wakes subscribers on.
    public static let notificationChannel = "icpledger_events"
    /// The largest payload (plus type name) one event may have, in bytes: a hard ceiling beneath
    /// whatever smaller limit the domain sets, so no writer can store a runaway event.
    public static let maxEventBytes = 1 << 20
    let notifier: FeedNotifier

    public init(pool: PostgresPool) {
        self.pool = pool
        self.notifier = FeedNotifier(pool: pool)
    }

    /// Appends events after the head they were decided on; returns the new head and their positions.
    ///
    /// Retrying with the same event ids stores nothing and returns the stored result.
    @discardableResult
    public func append(_ events: [NewEvent], to stream: StreamID, expecting head: StreamHead) async throws -> AppendResult {
        let plan = try AppendPlan(events: events, stream: stream, head: head)
        let result: AppendResult
        do {
            // One statement in its own implicit transaction; it declares the tenant itself. Sent
            // without blocking, from the calling task (`PostgresPool.query`).
            result = try plan.result(from: await pool.query(plan.insert))
        } catch let error as PostgresError where error.isUniqueViolation {
            let refusal = try await pool.withConnection { try Self.explainRefusal(plan: plan, connection: $0) }
            guard let retry = refusal as? IdempotentRetry else { throw refusal }
            result = retry.result
        }
        notifier.poke()
        return result
    }

    /// Appends after reading the stream's current head when the caller only knows a version.
    /// Costs one extra round trip; prefer `append(_:to:expecting:)` with the head from a read.
    @discardableResult
    public func append(_ events: [NewEvent], to stream: StreamID, expectedVersion: Int64) async throws -> AppendResult {
        let head = try await self.head(of: stream)
        guard head.version == expectedVersion else {
            // Maybe a retry of an append that already went through.
            if let stored = try await storedResult(for: events, in: stream) { return stored }
            throw EventStoreError.versionConflict(stream: stream, expected: expectedVersion, actual: head.version)
        }
        return try await append(events, to: stream, expecting: head)
    }

    /// Appends inside a transaction the caller opened on `connection` (after declaring
    /// the tenant with `EventStore.setTenant`), so other writes commit atomically with it.
    /// The caller sends `EventStore.notify` after its commit.
    @discardableResult
    public static func append(
        _ events: [NewEvent], to stream: StreamID, expecting head: StreamHead,
        on connection: PostgresConnection
    ) throws -> AppendResult {
        let plan = try AppendPlan(events: events, stream: stream, head: head, declaringTenant: false)
        let rows = try connection.query(plan.insert)
        return try plan.result(from: rows)
    }

    /// Declares the tenant for the rest of the open transaction (row-level security).
    public static func setTenant(_ tenant: UUID, on connection: PostgresConnection) throws {
        try connection.query(tenantStatement(tenant))
    }

    /// Wakes subscribers; send after the commit of an append made with `append(…, on:)`.
    public static func notify(tenant: UUID, on connection: PostgresConnection) throws {
        try connection.query(notifyStatement)
    }

    /// A NOTIFY in a transaction of its own (one statement, run on an idle connection) that does
    /// not wait for a WAL flush: a notification needs no durability, and every NOTIFY commit takes
    /// an xid and a cluster-wide lock, so it must stay off the append's commit path. The setting is
    /// the transaction's own (`set_config(…, true)`), read when it commits, and gone after.
    static let notifyStatement: PostgresQuery =
        "SELECT set_config('synchronous_commit', 'off', true), pg_notify(\(notificationChannel), '')"

    public static func tenantStatement(_ tenant: UUID) -> PostgresQuery {
        "SELECT set_config('app.tenant', \(UUIDText.lowercase(tenant)), true)"
    }

    /// Runs statements in one tenant-scoped (implicit) transaction, in one round trip; returns their rows.
    func tenantScoped(_ tenant: UUID, _ queries: [PostgresQuery]) async throws -> [PostgresRows] {
        try await pool.withConnection { connection in
            Array(try connection.pipeline([Self.tenantStatement(tenant)] + queries).dropFirst())
        }
    }

    /// After a unique violation: an idempotent retry (return the stored result), a reused
    /// id, a partly stored batch, or a plain version conflict.
    static func explainRefusal(plan: AppendPlan, connection: PostgresConnection) throws -> any Error {
        let tenant = plan.stream.tenant
        let rows = try connection.pipeline([
            tenantStatement(tenant),
            storedEventsQuery(tenant: tenant, ids: plan.events.map(\.id)),
            headQuery(plan.stream),
        ])
        if let stored = try matchStored(rows[1], plan: plan) {
            return IdempotentRetry(result: stored)
        }
        let actual = try rows[2].first.map { try $0.column(0, as: Int64.self) } ?? 0
        return EventStoreError.versionConflict(stream: plan.stream, expected: plan.head.version, actual: actual)
    }
}

/// What an append stored.
public struct AppendResult: Sendable, Hashable {
    /// The stream's head after the append (for the next append).
    public var head: StreamHead
    /// The first stored version (the batch holds consecutive versions).
    public var firstVersion: Int64
    /// Global positions, in batch order.
    public var positions: [Int64]
    /// The appending transaction; with the last position it is the feed cursor
    /// a reader waits for to see this write.
    public var transactionID: UInt64

    /// The feed cursor of the batch's last event.
    public var cursor: FeedCursor { FeedCursor(transactionID: transactionID, position: positions.max() ?? 0) }
}

/// Thrown internally when a unique violation turns out to be an idempotent retry.
struct IdempotentRetry: Error {
    var result: AppendResult
}
