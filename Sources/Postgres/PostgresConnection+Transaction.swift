import CLibPQ

extension PostgresConnection {
    /// Runs `body` inside BEGIN … COMMIT; any error rolls back and is rethrown.
    public func transaction<T>(
        isolation: IsolationLevel? = nil,
        _ body: (PostgresConnection) throws -> T
    ) throws -> T {
        try query(isolation?.begin ?? "BEGIN")
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

/// A transaction isolation level.
public enum IsolationLevel: Sendable {
    case readCommitted, repeatableRead, serializable

    var begin: PostgresQuery {
        switch self {
        case .readCommitted: "BEGIN ISOLATION LEVEL READ COMMITTED"
        case .repeatableRead: "BEGIN ISOLATION LEVEL REPEATABLE READ"
        case .serializable: "BEGIN ISOLATION LEVEL SERIALIZABLE"
        }
    }
}
