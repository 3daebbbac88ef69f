/// A connection confined to its own worker thread.
final class PooledConnection: @unchecked Sendable {
    /// What became of a body handed to `run`.
    enum Outcome<T: Sendable>: Sendable {
        /// The body ran; `reusable` tells whether the connection can go back to the pool.
        case ran(Result<T, any Error>, reusable: Bool)
        /// The pre-use check found the session ended by the server; the body did not run.
        case endedByServer
    }

    private let thread: WorkerThread
    private let connection: PostgresConnection
    /// The connection's server, socket and running time, read by the pool's stall check.
    let watch: ConnectionWatch

    private init(thread: WorkerThread, connection: PostgresConnection) {
        self.thread = thread
        self.connection = connection
        watch = connection.watch
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

    /// Checks, without a round trip, that the server has not ended the session; then runs
    /// `body` on the connection's thread and, in the same hop, checks whether the connection
    /// can go back to the pool (rolling back a transaction the body left open).
    func run<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async -> Outcome<T> {
        let connection = UncheckedBox(connection)
        return await withCheckedContinuation { continuation in
            thread.submit {
                let conn = connection.value
                guard conn.isStillConnected() else {
                    continuation.resume(returning: .endedByServer)
                    return
                }
                let watch = conn.watch
                watch.begin()
                let result = Result { try body(conn) }
                watch.end()
                if conn.isOpen && !conn.isIdle { conn.rollBackIfNeeded() }
                continuation.resume(returning: .ran(result, reusable: conn.isOpen && conn.isIdle))
            }
        }
    }

    /// As ``run(_:)``, but runs `body` in the calling task, on whatever thread it runs on: for a
    /// body that only waits without blocking (``PostgresConnection/query(_:waitingOn:)``). The
    /// pool's lease keeps the connection to this task meanwhile; its own thread stays idle.
    func run<T: Sendable>(inTask body: (PostgresConnection) async throws -> T) async -> Outcome<T> {
        let connection = connection
        guard connection.isStillConnected() else { return .endedByServer }
        watch.begin()
        let result: Result<T, any Error>
        do {
            result = .success(try await body(connection))
        } catch {
            result = .failure(error)
        }
        watch.end()
        if connection.isOpen && !connection.isIdle { connection.rollBackIfNeeded() }
        return .ran(result, reusable: connection.isOpen && connection.isIdle)
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
