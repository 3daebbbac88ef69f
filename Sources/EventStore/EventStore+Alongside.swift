public import Postgres

extension EventStore {
    /// Appends, then runs `alongside` on the same connection in the same transaction: a row that
    /// must exist exactly when the events do (a name taken by the event that takes it). The append
    /// stays the transaction's first write. Retrying with the same event ids stores nothing again
    /// and returns the stored result, as ``append(_:to:expecting:)`` does.
    @discardableResult
    public func append(
        _ events: [NewEvent], to stream: StreamID, expecting head: StreamHead,
        alongside: @escaping @Sendable (PostgresConnection) throws -> Void
    ) async throws -> AppendResult {
        let plan = try AppendPlan(events: events, stream: stream, head: head, declaringTenant: false)
        let result: AppendResult = try await pool.withConnection { connection in
            do {
                return try connection.transaction { connection in
                    try Self.setTenant(stream.tenant, on: connection)
                    let result: AppendResult
                    do {
                        result = try plan.result(from: connection.query(plan.insert))
                    } catch let error as PostgresError where error.isUniqueViolation {
                        // Only the events table's keys can refuse this INSERT. Told apart from a unique
                        // violation of `alongside` by where it happened, not by the key's name, which is
                        // the partition's index when the table is partitioned (events_p3_pkey).
                        throw EventKeyViolation()
                    }
                    try alongside(connection)
                    return result
                }
            } catch is EventKeyViolation {
                let refusal = try Self.explainRefusal(plan: plan, connection: connection)
                if let retry = refusal as? IdempotentRetry { return retry.result }
                throw refusal
            }
        }
        notifier.poke()
        return result
    }
}

/// The append's INSERT broke a key of the events table: a conflict or a retry, explained after the rollback.
private struct EventKeyViolation: Error {}

extension PostgresError {
    /// The constraint a server error names, if any.
    public var constraint: String? {
        if case .server(let error) = self { return error.constraint }
        return nil
    }
}
