import Foundation
import PostgresTestSupport
import Testing

@testable import Postgres

/// A server that hangs instead of dying keeps its connections open, so a caller waiting on it would
/// wait forever. A ``FaultProxy`` frozen in front of the test cluster stands in for it; with a
/// multi-host setting the cluster's own socket is the server a new connection reaches instead (the
/// promoted standby). The failover fault suite does the same with pg_auto_failover.
@Suite("Connections stuck on a server that stopped answering", .timeLimit(.minutes(10)))
struct StalledServerTests {
    /// A fresh database, its cluster's socket folder and port, and a proxy in front of that socket;
    /// nil when the tests use a server of their own (no socket to put a proxy in front of).
    static func proxied() async throws -> (db: TestDatabase, host: String, port: String, proxy: FaultProxy)? {
        let db = try await TestDatabase.create()
        guard let host = db.app.overrides["host"], host.hasPrefix("/"), let port = db.app.overrides["port"] else { return nil }
        return (db, host, port, try FaultProxy(unixSocket: FaultProxy.socketFile(host: host, port: port)))
    }

    /// Runs `SELECT 1` on the pool in a task; its result arrives when the server answers or the connection is cut.
    static func query(_ pool: PostgresPool) -> Task<Result<Int, any Error>, Never> {
        Task {
            do {
                return .success(try await pool.withConnection { try $0.query("SELECT 1").single().column(0, as: Int.self) })
            } catch {
                return .failure(error)
            }
        }
    }

    @Test("once new connections reach another server, every connection to the hung one is cut and the waiting caller fails at once")
    func hungServerLeftBehind() async throws {
        guard let (db, host, port, proxy) = try await Self.proxied() else { return }
        defer { proxy.stop() }
        let settings = db.app.with(["host": "127.0.0.1,\(host)", "port": "\(proxy.port),\(port)", "connect_timeout": "1"])
        let pool = PostgresPool(settings: settings, maxConnections: 2, stallSuspicion: .milliseconds(300))
        #expect(try await pool.withConnection { $0.server } == "127.0.0.1:\(proxy.port)")

        proxy.freeze()
        let stuck = Self.query(pool)
        try await Task.sleep(for: .milliseconds(500))
        // Nothing answers through the proxy; a new connection gives up on it after connect_timeout and
        // reaches the cluster's socket: the stalled connection's server is not the one to use any more.
        await pool.checkForStalls()
        let outcome = await stuck.value
        #expect(throws: PostgresError.self) { try outcome.get() }
        if case .failure(let error as PostgresError) = outcome { #expect(error.isTransient, "\(error)") }
        // The pool goes on, on the server new connections reach.
        #expect(try await pool.withConnection { $0.server } == "\(host):\(port)")
        proxy.thaw()
        await pool.close()
    }

    @Test("a slow answer from the only server is waited for: a new connection that reaches no other server cuts nothing")
    func slowServerIsWaitedFor() async throws {
        guard let (db, _, _, proxy) = try await Self.proxied() else { return }
        defer { proxy.stop() }
        let pool = PostgresPool(
            settings: db.app.with(["host": "127.0.0.1", "port": "\(proxy.port)", "connect_timeout": "1"]), maxConnections: 2,
            stallSuspicion: .milliseconds(300))
        #expect(try await pool.withConnection { try $0.query("SELECT 1").count } == 1)

        proxy.freeze()
        let waiting = Self.query(pool)
        try await Task.sleep(for: .milliseconds(500))
        await pool.checkForStalls()
        proxy.thaw()
        #expect(try await waiting.value.get() == 1)
        await pool.close()
    }

    @Test("a body past twice the session's statement timeout is cut even when no other server answers")
    func pastTheLimit() async throws {
        guard let (db, _, _, proxy) = try await Self.proxied() else { return }
        defer { proxy.stop() }
        var settings = db.app.with(["host": "127.0.0.1", "port": "\(proxy.port)", "connect_timeout": "1"])
        settings.sessionParameters = ["statement_timeout": "200ms"]
        let pool = PostgresPool(settings: settings, maxConnections: 2, stallSuspicion: .milliseconds(300))
        #expect(pool.stallLimit == .milliseconds(1_400))
        #expect(try await pool.withConnection { try $0.query("SELECT 1").count } == 1)

        proxy.freeze()
        let stuck = Self.query(pool)
        try await Task.sleep(for: .milliseconds(1_600))
        await pool.checkForStalls()
        let outcome = await stuck.value
        if case .failure(let error as PostgresError) = outcome { #expect(error.isTransient, "\(error)") } else { Issue.record("\(outcome)") }
        proxy.thaw()
        await pool.close()
    }

    @Test("PostgreSQL's time settings read as durations; none, zero and nonsense set no limit")
    func durations() {
        #expect(PostgresConnectionSettings.duration("30s") == .seconds(30))
        #expect(PostgresConnectionSettings.duration("5min") == .seconds(300))
        #expect(PostgresConnectionSettings.duration("250ms") == .milliseconds(250))
        #expect(PostgresConnectionSettings.duration("1500") == .milliseconds(1_500))
        #expect(PostgresConnectionSettings.duration("2h") == .seconds(7_200))
        #expect(PostgresConnectionSettings.duration("1d") == .seconds(86_400))
        #expect(PostgresConnectionSettings.duration(" 1.5 s ") == .milliseconds(1_500))
        for none in [nil, "", "0", "0s", "soon", "5 fortnights", "-3s"] as [String?] {
            #expect(PostgresConnectionSettings.duration(none) == nil, "\(none ?? "nil")")
        }
    }

    @Test("a setting's value is the override's, else the connection string's")
    func settingValues() {
        let settings = PostgresConnectionSettings(connectionString: "postgresql://a@h1:5432,h2:5433/db?connect_timeout=3")
        #expect(settings.value(of: "connect_timeout") == "3")
        #expect(settings.with(["connect_timeout": "9"]).value(of: "connect_timeout") == "9")
        #expect(settings.value(of: "application_name") == nil)
    }
}
