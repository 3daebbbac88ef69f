public import Logging
import Metrics

/// A bounded pool of connections for Swift concurrency.
///
/// `query` sends one statement from the calling task without blocking and waits for the answer
/// on ``loop``. Each connection also has its own thread; `withConnection` runs a synchronous
/// closure there and suspends the calling task meanwhile, so libpq never blocks the cooperative
/// thread pool. Connections that break or are returned inside a
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
    /// The loop that ``query(_:)`` waits on for answers.
    public nonisolated let loop: PostgresEventLoop
    private let logger: Logger
    private var idle: [PooledConnection] = []
    private var open = 0
    private var opened = 0
    private var waiters = PoolWaiters()
    private var closed = false
    /// Every open connection's watch, for the stall check (``checkForStalls()``).
    private var watches: [ObjectIdentifier: ConnectionWatch] = [:]
    /// A body running this long makes the stall check ask where a new connection lands.
    nonisolated let stallSuspicion: Duration
    /// A body running this long is cut whatever the server: twice the session's `statement_timeout`
    /// and a second (nil when the settings set none, as for migrations and rebuilds).
    nonisolated let stallLimit: Duration?
    private var lastProbe: ContinuousClock.Instant?

    /// A pool of at most `maxConnections`, whose callers wait at most `acquireTimeout` for one.
    ///
    /// `stallSuspicion`: how long a body may run before the pool's stall check asks which server a
    /// new connection reaches (see ``checkForStalls()``).
    public init(
        settings: PostgresConnectionSettings, maxConnections: Int = 8, acquireTimeout: Duration = .seconds(10),
        name: String = "postgres", logger: Logger = Logger(label: "postgres.pool"), stallSuspicion: Duration = .seconds(5),
        loop: PostgresEventLoop = .shared
    ) {
        precondition(maxConnections > 0, "a pool needs at least one connection")
        precondition(acquireTimeout >= .zero, "an acquire timeout cannot be negative")
        self.settings = settings
        self.maxConnections = maxConnections
        self.acquireTimeout = acquireTimeout
        self.name = name
        self.logger = logger
        self.stallSuspicion = stallSuspicion
        self.loop = loop
        stallLimit = PostgresConnectionSettings.duration(settings.sessionParameters["statement_timeout"]).map { $0 * 2 + .seconds(1) }
    }

    /// Runs `body` with a connection of its own, on that connection's thread.
    ///
    /// Throws `PostgresError.poolTimeout` when no connection became free in time,
    /// `PostgresError.poolClosed` once the pool is closed, and `CancellationError` when
    /// the task is cancelled while it waits.
    public nonisolated func withConnection<T: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) throws -> T
    ) async throws -> T {
        try await lease { await $0.run(body) }
    }

    /// Runs one statement on any connection, without a thread of the pool's: the calling task sends
    /// it and waits on ``loop`` for the answer (see ``PostgresConnection/query(_:waitingOn:)``).
    @discardableResult
    public nonisolated func query(_ query: PostgresQuery) async throws -> PostgresRows {
        let loop = loop
        return try await lease { await $0.run(inTask: { try await $0.query(query, waitingOn: loop) }) }
    }

    /// Lends a connection to `use` and takes it back.
    ///
    /// A connection that fails the pre-use check ran nothing of the caller's, so taking another is
    /// safe. Each failure closes one connection; past one more than the pool holds, the server is
    /// ending new connections as fast as they open.
    private nonisolated func lease<T: Sendable>(_ use: (PooledConnection) async -> PooledConnection.Outcome<T>) async throws -> T {
        let deadline = ContinuousClock.now.advanced(by: acquireTimeout)
        for _ in 0...maxConnections {
            let connection = try await acquire(until: deadline)
            switch await use(connection) {
            case .ran(let result, let reusable):
                await release(connection, reusable: reusable)
                return try result.get()
            case .endedByServer:
                await discard(connection)
            }
        }
        throw PostgresError.connectionFailed("the server ended every new connection before it could be used")
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
        for connection in idle {
            watches[ObjectIdentifier(connection)] = nil
            connection.close()
        }
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
        watches[ObjectIdentifier(connection)] = connection.watch
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
        watches[ObjectIdentifier(connection)] = nil
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
                self.adopt(connection)
            } catch {
                self.replacementFailed(error)
            }
        }
    }

    /// A connection opened for the waiters joins the pool.
    private func adopt(_ connection: PooledConnection) {
        watches[ObjectIdentifier(connection)] = connection.watch
        release(connection, reusable: true)
    }

    private func replacementFailed(_ error: any Error) {
        open -= 1
        waiters.removeFirst()?.resume(throwing: error)
        replaceForWaiters()
    }
}

extension PostgresPool {
    /// Cuts the connections that wait on a server which stopped answering (see ``ConnectionWatch``).
    ///
    /// When a body has run for ``stallSuspicion``, the check opens a connection with the pool's
    /// settings, as a new one would be opened, at most once per ``stallSuspicion``. With a multi-host
    /// URL and `target_session_attrs=read-write` that connection reaches the primary as it is now: if
    /// it is another server than the stalled connection's, that server is no longer the one to use (a
    /// standby was promoted while it hung), and every connection to it, busy or idle, is cut, so the
    /// waiting callers get a transient failure at once and new connections go to the new primary.
    /// When the probe reaches the same server, or none, the stalled body is left alone: a long
    /// statement or a lock wait looks the same. A body past ``stallLimit`` is cut in any case.
    /// `run()` calls this every second while the pool runs as a service.
    func checkForStalls() async {
        let now = ContinuousClock.now
        let stalled = watches.values.filter { ($0.busy(at: now) ?? .zero) >= stallSuspicion }
        guard !stalled.isEmpty else { return }
        if let stallLimit {
            for watch in stalled where (watch.busy(at: now) ?? .zero) >= stallLimit && watch.cut() {
                logger.warning("cut a connection to \(watch.server) whose statement ran past \(stallLimit), twice its statement timeout")
            }
        }
        if let lastProbe, now - lastProbe < stallSuspicion { return }
        lastProbe = now
        guard let current = await Self.serverReached(with: settings) else { return }
        let left = Set(stalled.map(\.server)).subtracting([current])
        guard !left.isEmpty else { return }
        var cut = 0
        for watch in watches.values where left.contains(watch.server) && watch.cut() { cut += 1 }
        logger.warning(
            "cut \(cut) connection(s) to \(left.sorted().joined(separator: ", ")), which stopped answering: a new connection reaches \(current)")
    }

    /// The server a new connection with `settings` reaches (`host:port`), or nil when none could be
    /// opened. Each host gets at most the settings' `connect_timeout`, or 5 s when they set none: a
    /// hung server accepts the TCP connection and never answers.
    static func serverReached(with settings: PostgresConnectionSettings) async -> String? {
        let probe = settings.value(of: "connect_timeout") == nil ? settings.with(["connect_timeout": "5"]) : settings
        let thread = WorkerThread(name: "postgres-probe")
        defer { thread.stop() }
        return try? await thread.run { try PostgresConnection(settings: probe).server }
    }

    /// How many connections are open and idle, and how many callers wait (tests check nothing is lost).
    func counts() -> (open: Int, idle: Int, waiting: Int) { (open, idle.count, waiters.count) }
}
