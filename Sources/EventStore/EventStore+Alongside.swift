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
                    let result = try plan.result(from: connection.query(plan.insert))
                    try alongside(connection)
                    return result
                }
            } catch let error as PostgresError where error.isUniqueViolation && Self.eventKeys.contains(error.constraint ?? "") {
                let refusal = try Self.explainRefusal(plan: plan, connection: connection)
                if let retry = refusal as? IdempotentRetry { return retry.result }
                throw refusal
            }
        }
        notifier.poke()
        return result
    }

    /// The unique keys of the events table, whose violation means a conflict or a retry.
    static let eventKeys: Set<String> = ["events_stream_version_key", "events_event_id_key"]
}

extension PostgresError {
    /// The constraint a server error names, if any.
    public var constraint: String? {
        if case .server(let error) = self { return error.constraint }
        return nil
    }
}
