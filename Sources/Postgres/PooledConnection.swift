/// A connection confined to its own worker thread.
final class PooledConnection: @unchecked Sendable {
    private let thread: WorkerThread
    private let connection: PostgresConnection

    private init(thread: WorkerThread, connection: PostgresConnection) {
        self.thread = thread
        self.connection = connection
    }

    /// Opens a connection on a new thread named `postgres-<number>`.
    static func connect(settings: PostgresConnectionSettings, number: Int) async throws -> PooledConnection {
        let thread = WorkerThread(name: "postgres-\(number)")
        do {
            let box = try await thread.run { UncheckedBox(try PostgresConnection(settings: settings)) }
            return PooledConnection(thread: thread, connection: box.value)
        } catch {
            thread.stop()
            throw error
        }
    }

    /// Runs `body` on the connection's thread and, in the same hop, checks whether the
    /// connection can go back to the pool (rolling back a transaction the body left open).
    func run<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async -> (Result<T, any Error>, Bool) {
        let connection = UncheckedBox(connection)
        return await withCheckedContinuation { continuation in
            thread.submit {
                let conn = connection.value
                let result = Result { try body(conn) }
                if conn.isOpen && !conn.isIdle { conn.rollBackIfNeeded() }
                continuation.resume(returning: (result, conn.isOpen && conn.isIdle))
            }
        }
    }

    /// Lets the thread finish and exit; the connection closes when the last reference goes.
    func close() {
        thread.stop()
    }
}

/// Carries a value confined to one thread across a concurrency boundary.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
