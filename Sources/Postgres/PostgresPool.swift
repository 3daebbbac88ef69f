public import Logging
import Metrics

/// A bounded pool of connections for Swift concurrency.
///
/// Each connection lives on its own thread; `withConnection` runs a synchronous
/// closure there and suspends the calling task meanwhile, so libpq never blocks
/// the cooperative thread pool. Connections that break or are returned inside a
/// transaction are rolled back; broken ones are closed and replaced.
///
/// When every connection is busy a caller waits its turn, at most `acquireTimeout`
/// (then `PostgresError.poolTimeout`); cancelling the waiting task ends its wait with
/// `CancellationError`. Before an idle connection is used it is checked without a round
/// trip (see `PostgresConnection.isStillConnected()`); one the server has ended is
/// closed and the caller gets another, so nothing of the caller's work ran on it.
public actor PostgresPool {
    /// The settings every connection is opened with.
    public nonisolated let settings: PostgresConnectionSettings
    /// The most connections open at once.
    public nonisolated let maxConnections: Int
    /// How long a caller waits for a connection when all of them are busy.
    public nonisolated let acquireTimeout: Duration
    /// The pool's name in metrics (`pool` label): what its connections are for.
    public nonisolated let name: String
    private let logger: Logger
    private var idle: [PooledConnection] = []
    private var open = 0
    private var opened = 0
    private var waiters = PoolWaiters()
    private var closed = false

    /// A pool of at most `maxConnections`, whose callers wait at most `acquireTimeout` for one.
    public init(
        settings: PostgresConnectionSettings, maxConnections: Int = 8, acquireTimeout: Duration = .seconds(10),
        name: String = "postgres", logger: Logger = Logger(label: "postgres.pool")
    ) {
        precondition(maxConnections > 0, "a pool needs at least one connection")
        precondition(acquireTimeout >= .zero, "an acquire timeout cannot be negative")
        self.settings = settings
        self.maxConnections = maxConnections
        self.acquireTimeout = acquireTimeout
        self.name = name
        self.logger = logger
    }

    /// Runs `body` with a connection of its own, on that connection's thread.
    ///
    /// Throws `PostgresError.poolTimeout` when no connection became free in time,
    /// `PostgresError.poolClosed` once the pool is closed, and `CancellationError` when
    /// the task is cancelled while it waits.
    public nonisolated func withConnection<T: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) throws -> T
    ) async throws -> T {
        let deadline = ContinuousClock.now.advanced(by: acquireTimeout)
        // A connection that fails the pre-use check ran nothing of `body`, so taking another
        // is safe. Each failure closes one connection; past one more than the pool holds, the
        // server is ending new connections as fast as they open.
        for _ in 0...maxConnections {
            let connection = try await acquire(until: deadline)
            switch await connection.run(body) {
            case .ran(let result, let reusable):
                await release(connection, reusable: reusable)
                return try result.get()
            case .endedByServer:
                await discard(connection)
            }
        }
        throw PostgresError.connectionFailed("the server ended every new connection before it could be used")
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

    /// Closes idle connections, fails waiting callers with `poolClosed` and refuses new work;
    /// connections in use close when returned.
    public func close() {
        closed = true
        for connection in idle { connection.close() }
        open -= idle.count
        idle.removeAll()
        for waiter in waiters.removeAll() { waiter.resume(throwing: PostgresError.poolClosed) }
    }

    private func acquire(until deadline: ContinuousClock.Instant) async throws -> PooledConnection {
        if closed { throw PostgresError.poolClosed }
        if let connection = idle.popLast() { return connection }
        if open < maxConnections { return try await openConnection() }
        let started = ContinuousClock.now
        // How long callers waited for a busy pool, by pool (swift-metrics timer, made at each use so
        // it reports to whatever backend the process bootstrapped).
        defer { Metrics.Timer(label: "icpledger_pool_wait_seconds", dimensions: [("pool", name)]).record(duration: ContinuousClock.now - started) }
        return try await wait(until: deadline)
    }

    /// Opens a connection in a free slot for the caller.
    private func openConnection() async throws -> PooledConnection {
        open += 1
        opened += 1
        let connection: PooledConnection
        do {
            connection = try await PooledConnection.connect(settings: settings, number: opened)
        } catch {
            open -= 1
            replaceForWaiters()
            throw error
        }
        guard !closed else {
            retire(connection)
            throw PostgresError.poolClosed
        }
        return connection
    }

    /// Queues the caller until a connection is handed to it, the deadline passes, its task is
    /// cancelled, or the pool closes — whichever comes first ends the wait, exactly once.
    private func wait(until deadline: ContinuousClock.Instant) async throws -> PooledConnection {
        let id = waiters.nextID()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                    return
                }
                let timer = Task {
                    guard (try? await Task.sleep(until: deadline, clock: .continuous)) != nil else { return }
                    self.timeOut(id)
                }
                waiters.append(PoolWaiters.Waiter(id: id, continuation: continuation, timer: timer))
            }
        } onCancel: {
            Task { await self.cancelWait(id) }
        }
    }

    private func timeOut(_ id: UInt64) {
        waiters.remove(id)?.resume(throwing: PostgresError.poolTimeout(waited: acquireTimeout, connections: maxConnections))
    }

    private func cancelWait(_ id: UInt64) {
        waiters.remove(id)?.resume(throwing: CancellationError())
    }

    /// Takes back a connection: to the longest waiter, else to the idle list; closes it when
    /// it is broken or the pool is closed.
    private func release(_ connection: PooledConnection, reusable: Bool) {
        guard reusable, !closed else {
            if !reusable, !closed { logger.warning("closing a broken or busy connection") }
            retire(connection)
            return
        }
        if let waiter = waiters.removeFirst() {
            waiter.resume(returning: connection)
        } else {
            idle.append(connection)
        }
    }

    /// Closes a connection the pre-use check found ended by the server.
    private func discard(_ connection: PooledConnection) {
        logger.info("replacing a pooled connection that the server ended")
        retire(connection)
    }

    /// Closes a connection and frees its slot for a waiter.
    private func retire(_ connection: PooledConnection) {
        connection.close()
        open -= 1
        replaceForWaiters()
    }

    /// While callers wait and a slot is free, opens a connection for the first of them
    /// (whoever is first when it is ready; the idle list if nobody waits by then). When it
    /// cannot be opened, the first waiter gets the error rather than waiting out its timeout.
    private func replaceForWaiters() {
        guard !closed, !waiters.isEmpty, open < maxConnections else { return }
        open += 1
        opened += 1
        let settings = settings, number = opened
        Task {
            do {
                let connection = try await PooledConnection.connect(settings: settings, number: number)
                self.release(connection, reusable: true)
            } catch {
                self.replacementFailed(error)
            }
        }
    }

    private func replacementFailed(_ error: any Error) {
        open -= 1
        waiters.removeFirst()?.resume(throwing: error)
        replaceForWaiters()
    }
}

extension PostgresPool {
    /// How many connections are open and idle, and how many callers wait (tests check nothing is lost).
    func counts() -> (open: Int, idle: Int, waiting: Int) { (open, idle.count, waiters.count) }
}
