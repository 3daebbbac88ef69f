import Foundation
import PostgresTestSupport
import Synchronization
import Testing

@testable import Postgres

/// Statements sent without blocking (`PostgresPool.query`, `PostgresConnection.query(_:waitingOn:)`)
/// and the loop that runs the tasks waiting for their answers.
@Suite("Queries answered on the Postgres event loop", .timeLimit(.minutes(10)))
struct EventLoopTests {
    @Test("a task on the loop sends, waits and reads on the loop's own thread; tasks elsewhere are answered too")
    func oneThread() async throws {
        let db = try await TestDatabase.create()
        let loop = PostgresEventLoop(name: "test-loop")
        let pool = PostgresPool(settings: db.app, maxConnections: 2, loop: loop)
        let onLoop = try await withTaskExecutorPreference(loop) {
            var threads: Set<Bool> = []
            for n in 0..<50 {
                threads.insert(loop.isCurrent)
                let value = try await pool.query("SELECT \(n)::int + 1").single().column(0, as: Int.self)
                #expect(value == n + 1)
                threads.insert(loop.isCurrent)
            }
            return threads
        }
        #expect(onLoop == [true])
        #expect(!loop.isCurrent)
        // From the global executor the answer comes back there.
        #expect(try await pool.query("SELECT 'elsewhere'").single().column(0, as: String.self) == "elsewhere")
        #expect(!loop.isCurrent)
        await pool.close()
    }

    @Test("many tasks on one loop share a few connections; every answer reaches the task that asked")
    func manyTasks() async throws {
        let db = try await TestDatabase.create()
        let loop = PostgresEventLoop(name: "test-loop-many")
        let pool = PostgresPool(settings: db.app, maxConnections: 4, acquireTimeout: .seconds(60), loop: loop)
        let sums = try await withTaskExecutorPreference(loop) {
            try await withThrowingTaskGroup(of: Int.self) { group in
                for task in 0..<40 {
                    group.addTask {
                        var sum = 0
                        for n in 0..<25 {
                            // A short server-side sleep now and then, so answers arrive out of order.
                            let sleep = n % 5 == 0 ? 0.002 : 0
                            sum += try await pool.query("SELECT \(task * 1000 + n)::int, pg_sleep(\(sleep))").single().column(0, as: Int.self)
                        }
                        return sum
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
        }
        #expect(sums.sorted() == (0..<40).map { task in (0..<25).reduce(0) { $0 + task * 1000 + $1 } })
        await pool.close()
    }

    @Test("an answer of many megabytes, read over many wake-ups, and a parameter of several megabytes, sent over many")
    func largeMessages() async throws {
        let db = try await TestDatabase.create()
        let loop = PostgresEventLoop(name: "test-loop-large")
        let pool = PostgresPool(settings: db.app, maxConnections: 1, loop: loop)
        try await withTaskExecutorPreference(loop) {
            let rows = try await pool.query("SELECT n, repeat('y', 100) FROM generate_series(1, 100000) AS n")
            #expect(rows.count == 100_000)
            #expect(try rows[99_999].column(0, as: Int.self) == 100_000)
            let big = String(repeating: "z", count: 8 << 20)
            let length = try await pool.query("SELECT length(\(big))").single().column(0, as: Int.self)
            #expect(length == 8 << 20)
        }
        await pool.close()
    }

    @Test("a server error is thrown typed and the connection stays usable; prepared statements are evicted without blocking")
    func errorsAndEviction() async throws {
        let db = try await TestDatabase.create()
        let loop = PostgresEventLoop(name: "test-loop-errors")
        var settings = db.app
        settings.preparedStatementCapacity = 2
        let connection = try PostgresConnection(settings: settings)
        await #expect(throws: PostgresError.self) { try await connection.query("SELECT nonsense_column", waitingOn: loop) }
        do {
            try await connection.query("SELECT 1/0", waitingOn: loop)
            Issue.record("division by zero went through")
        } catch let error as PostgresError {
            #expect(error.sqlState == "22012", "\(error)")
        }
        #expect(connection.isIdle)
        for n in 0..<10 {
            let texts: [PostgresQuery] = ["SELECT \(n)::int", "SELECT \(n)::int + 0", "SELECT \(n)::int * 1", "SELECT \(n)::int - 0"]
            #expect(try await connection.query(texts[n % 4], waitingOn: loop).single().column(0, as: Int.self) == n)
        }
        // Four distinct texts went through a cache of two: the server holds no more than two.
        #expect(connection.preparedStatementCount == 2)
        let held = try await connection.query("SELECT count(*) FROM pg_prepared_statements", waitingOn: loop).single().column(0, as: Int.self)
        #expect(held == 2)
    }

    @Test("a COPY sent as a plain statement is refused, as the blocking call refuses it, and the pool goes on")
    func copyRefused() async throws {
        let db = try await TestDatabase.create()
        let loop = PostgresEventLoop(name: "test-loop-copy")
        let pool = PostgresPool(settings: db.app, maxConnections: 1, loop: loop)
        await #expect(throws: PostgresError.self) { try await pool.query("COPY (SELECT 1) TO STDOUT") }
        await #expect(throws: PostgresError.self) { try await pool.withConnection { try $0.query("COPY (SELECT 1) TO STDOUT") } }
        #expect(try await pool.query("SELECT 3").single().column(0, as: Int.self) == 3)
        await pool.close()
    }

    @Test("a loop sleeps while nothing happens: idle connections, scheduled work done, no CPU")
    func idleLoopSleeps() async throws {
        let db = try await TestDatabase.create()
        let loop = PostgresEventLoop(name: "test-loop-idle")
        let pool = PostgresPool(settings: db.app, maxConnections: 2, loop: loop)
        try await withTaskExecutorPreference(loop) {
            _ = try await pool.query("SELECT 1")
            _ = try await pool.query("SELECT pg_notify('nobody_listens', '')")
        }
        let done = AsyncStream<Void>.makeStream()
        loop.schedule(after: .milliseconds(5)) { done.continuation.finish() }
        for await _ in done.stream {}
        let before = loop.threadCPUTime
        try await Task.sleep(for: .seconds(1))
        let used = loop.threadCPUTime - before
        #expect(used < .milliseconds(50), "the idle loop used \(used) of CPU in a second")
        await pool.close()
    }

    @Test("a connection cut while its task waits fails the task at once, with a transient error")
    func cutWhileWaiting() async throws {
        let db = try await TestDatabase.create()
        let loop = PostgresEventLoop(name: "test-loop-cut")
        let tag = uniqueTag("loop-cut")
        let pool = PostgresPool(settings: db.app.with(["application_name": tag]), maxConnections: 1, loop: loop)
        let started = ContinuousClock.now
        let waiting = Task {
            try await withTaskExecutorPreference(loop) { try await pool.query("SELECT pg_sleep(60)") }
        }
        let server = try PostgresConnection(settings: db.superuser)
        // Ends the sleeping session from the server's side once it shows up.
        #expect(
            try await eventually(within: .seconds(10)) {
                try server.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = \(tag) AND state = 'active'")
                    .count > 0
            })
        let outcome = await waiting.result
        #expect(ContinuousClock.now - started < .seconds(30))
        switch outcome {
        case .success: Issue.record("the query outlived its session")
        case .failure(let error as PostgresError): #expect(error.isTransient, "\(error)")
        case .failure(let error): Issue.record("unexpected \(error)")
        }
        // The pool replaces the connection.
        #expect(try await pool.query("SELECT 7").single().column(0, as: Int.self) == 7)
        await pool.close()
    }

    @Test("a socket shut down under a waiting query (the pool's stall check) wakes it with a lost connection")
    func shutDownWhileWaiting() async throws {
        let db = try await TestDatabase.create()
        let loop = PostgresEventLoop(name: "test-loop-shutdown")
        let connection = try PostgresConnection(settings: db.app)
        let watch = connection.watch
        let started = ContinuousClock.now
        let cutter = Task {
            try await Task.sleep(for: .milliseconds(300))
            watch.cut()
        }
        do {
            try await connection.query("SELECT pg_sleep(60)", waitingOn: loop)
            Issue.record("the query outlived its socket")
        } catch let error as PostgresError {
            #expect(error.isTransient, "\(error)")
        }
        #expect(ContinuousClock.now - started < .seconds(30))
        try await cutter.value
    }

    @Test("scheduled work runs on the loop once its delay has passed, soonest first, from any thread")
    func scheduledWork() async throws {
        let loop = PostgresEventLoop(name: "test-loop-timers")
        let started = ContinuousClock.now
        let record = Mutex<[(Int, Duration, Bool)]>([])
        let all = AsyncStream<Void>.makeStream()
        for (index, delay) in [(2, 80), (0, 20), (1, 50), (3, 80)] {
            loop.schedule(after: .milliseconds(delay)) {
                let count = record.withLock {
                    $0.append((index, ContinuousClock.now - started, loop.isCurrent))
                    return $0.count
                }
                if count == 4 { all.continuation.finish() }
            }
        }
        for await _ in all.stream {}
        let runs = record.withLock { $0 }
        #expect(runs.map(\.0) == [0, 1, 2, 3])
        #expect(runs.allSatisfy { $0.2 }, "work ran off the loop's thread")
        for (index, elapsed, _) in runs {
            #expect(elapsed >= .milliseconds([20, 50, 80, 80][index]), "work \(index) ran after \(elapsed)")
        }
    }

    @Test("a loop's sockets are forgotten with their connections: thousands opened and closed, numbers reused, none mixed up")
    func socketsForgotten() async throws {
        let db = try await TestDatabase.create()
        let loop = PostgresEventLoop(name: "test-loop-reuse")
        for n in 0..<200 {
            let connection = try PostgresConnection(settings: db.app)
            #expect(try await connection.query("SELECT \(n)::int", waitingOn: loop).single().column(0, as: Int.self) == n)
        }
    }
}
