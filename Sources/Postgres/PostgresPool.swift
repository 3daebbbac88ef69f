public import Logging

/// A bounded pool of connections for Swift concurrency.
///
/// Each connection lives on its own thread; `withConnection` runs a synchronous
/// closure there and suspends the calling task meanwhile, so libpq never blocks
/// the cooperative thread pool. Connections that break or are returned inside a
/// transaction are rolled back; broken ones are closed and replaced.
public actor PostgresPool {
    /// The settings every connection is opened with.
    public nonisolated let settings: PostgresConnectionSettings
    /// The most connections open at once.
    public nonisolated let maxConnections: Int
    private let logger: Logger
    private var idle: [PooledConnection] = []
    private var open = 0
    private var waiters: [CheckedContinuation<PooledConnection, any Error>] = []
    private var closed = false

    public init(settings: PostgresConnectionSettings, maxConnections: Int = 8, logger: Logger = Logger(label: "postgres.pool")) {
        precondition(maxConnections > 0, "a pool needs at least one connection")
        self.settings = settings
        self.maxConnections = maxConnections
        self.logger = logger
    }

    /// Runs `body` with a connection of its own, on that connection's thread.
    public nonisolated func withConnection<T: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) throws -> T
    ) async throws -> T {
        let connection = try await acquire()
        let (result, reusable) = await connection.run(body)
        await release(connection, reusable: reusable)
        return try result.get()
    }

    /// Runs one statement on any connection.
    @discardableResult
    public nonisolated func query(_ query: PostgresQuery) async throws -> PostgresRows {
        try await withConnection { try $0.query(query) }
    }

    /// Runs `body` in a transaction on one connection.
    public nonisolated func transaction<T: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) throws -> T
    ) async throws -> T {
        try await withConnection { try $0.transaction(body) }
    }

    /// Closes idle connections and refuses new work; connections in use close when returned.
    public func close() {
        closed = true
        for connection in idle { connection.close() }
        open -= idle.count
        idle.removeAll()
        let pending = waiters
        waiters.removeAll()
        for waiter in pending { waiter.resume(throwing: PostgresError.poolClosed) }
    }

    private func acquire() async throws -> PooledConnection {
        if closed { throw PostgresError.poolClosed }
        if let connection = idle.popLast() { return connection }
        if open < maxConnections {
            open += 1
            do {
                return try await PooledConnection.connect(settings: settings, number: open)
            } catch {
                open -= 1
                throw error
            }
        }
        return try await withCheckedThrowingContinuation { waiters.append($0) }
    }

    private func release(_ connection: PooledConnection, reusable healthy: Bool) {
        if closed || !healthy {
            if !healthy { logger.warning("closing a broken or busy connection") }
            connection.close()
            open -= 1
            if !closed, !waiters.isEmpty {
                open += 1
                let waiter = waiters.removeFirst()
                let settings = settings, number = open
                Task {
                    do {
                        waiter.resume(returning: try await PooledConnection.connect(settings: settings, number: number))
                    } catch {
                        self.connectionFailed()
                        waiter.resume(throwing: error)
                    }
                }
            }
            return
        }
        if !waiters.isEmpty {
            waiters.removeFirst().resume(returning: connection)
        } else {
            idle.append(connection)
        }
    }
}

extension PostgresPool {
    /// A replacement connection could not be opened: free its slot.
    private func connectionFailed() {
        open -= 1
    }
}

/// A connection confined to its own worker thread.
final class PooledConnection: @unchecked Sendable {
    private let thread: WorkerThread
    private let connection: PostgresConnection

    private init(thread: WorkerThread, connection: PostgresConnection) {
        self.thread = thread
        self.connection = connection
    }

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

    func close() {
        thread.stop()
    }
}

/// Carries a value confined to one thread across a concurrency boundary.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
