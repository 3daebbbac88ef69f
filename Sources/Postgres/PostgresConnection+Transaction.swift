import CLibPQ

extension PostgresConnection {
    /// Runs `body` inside BEGIN … COMMIT; any error rolls back and is rethrown.
    public func transaction<T>(
        isolation: String? = nil,
        _ body: (PostgresConnection) throws -> T
    ) throws -> T {
        try query(isolation.map { PostgresQuery(sql: "BEGIN ISOLATION LEVEL \($0)") } ?? "BEGIN")
        do {
            let value = try body(self)
            try query("COMMIT")
            return value
        } catch {
            rollBackIfNeeded()
            throw error
        }
    }

    /// Rolls back whatever transaction is open or failed; used after errors.
    public func rollBackIfNeeded() {
        guard isOpen, !isIdle else { return }
        if let result = PQexec(handle, "ROLLBACK") { PQclear(result) }
    }
}
