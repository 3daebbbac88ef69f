import Foundation
import PostgresTestSupport
import Testing

@testable import Postgres

@Suite("Session parameters: statement and idle-in-transaction timeouts")
struct SessionParameterTests {
    @Test("every pooled connection has the configured session parameters")
    func applied() async throws {
        let db = try await TestDatabase.create()
        var settings = db.app
        settings.sessionParameters = ["statement_timeout": "1500ms", "idle_in_transaction_session_timeout": "200ms"]
        let pool = PostgresPool(settings: settings, maxConnections: 2)
        let shown = try await pool.withConnection { connection in
            (
                try connection.query("SHOW statement_timeout").single().column(0, as: String.self),
                try connection.query("SHOW idle_in_transaction_session_timeout").single().column(0, as: String.self)
            )
        }
        #expect(shown.0 == "1500ms")
        #expect(shown.1 == "200ms")
        // A rolled-back transaction does not undo them: they are session-wide.
        await #expect(throws: PostgresError.self) {
            try await pool.transaction { try $0.query("SELECT 1/0") }
        }
        let again = try await pool.query("SHOW statement_timeout").single().column(0, as: String.self)
        #expect(again == "1500ms")
        await pool.close()
    }

    @Test("a statement running past statement_timeout fails with 57014 and the connection stays in the pool")
    func statementTimeout() async throws {
        let db = try await TestDatabase.create()
        var settings = db.app
        settings.sessionParameters = ["statement_timeout": "200ms"]
        let pool = PostgresPool(settings: settings, maxConnections: 1)
        let pid = try await pool.query("SELECT pg_backend_pid()").single().column(0, as: Int.self)
        do {
            try await pool.query("SELECT pg_sleep(3)")
            Issue.record("the statement outlived statement_timeout")
        } catch let error as PostgresError {
            #expect(error.sqlState == "57014")
        }
        await #expect(throws: PostgresError.self) {
            try await pool.transaction { try $0.query("SELECT pg_sleep(3)") }
        }
        // Same backend: a cancelled statement does not break the connection.
        #expect(try await pool.query("SELECT pg_backend_pid()").single().column(0, as: Int.self) == pid)
        await pool.close()
    }

    @Test("a session left idle in a transaction is ended by the server, and the pool replaces it")
    func idleInTransactionTimeout() async throws {
        let db = try await TestDatabase.create()
        let tag = uniqueTag("idle-in-transaction")
        var settings = db.app.with(["application_name": tag])
        settings.sessionParameters = ["idle_in_transaction_session_timeout": "200ms"]
        let pool = PostgresPool(settings: settings, maxConnections: 1)
        let ended = try await pool.withConnection { connection in
            try connection.query("BEGIN")
            try connection.query("SELECT 1")
            Thread.sleep(forTimeInterval: 0.8)  // idle inside the transaction, on the connection's own thread
            do {
                try connection.query("SELECT 1")
                return false
            } catch {
                return !connection.isOpen
            }
        }
        #expect(ended, "the server kept a session that sat idle in a transaction")
        #expect(try await pool.query("SELECT 1").single().column(0, as: Int.self) == 1)
        await pool.close()
        #expect(await eventually { LiveConnections.count(tag) == 0 })
    }

    @Test("an invalid session parameter fails the connection with one clear line and leaks nothing")
    func invalidParameter() async throws {
        let db = try await TestDatabase.create()
        let tag = uniqueTag("bad-parameter")
        var settings = db.app.with(["application_name": tag])
        settings.sessionParameters = ["statement_timeout": "soon"]
        do {
            _ = try await db.withConnection(settings) { _ in 0 }
            Issue.record("an invalid statement_timeout was accepted")
        } catch let error as PostgresError {
            #expect(error.sqlState == "22023")
            #expect(error.description.contains("statement_timeout"))
            #expect(!error.description.contains("\n"))
        }
        #expect(await eventually { LiveConnections.count(tag) == 0 })
    }
}
