import Foundation
import LedgerConfiguration
import LedgerDatabase
import Postgres
import Testing

@Suite("Per-role session timeouts in the database configuration")
struct DatabaseConfigurationTests {
    let external = DatabaseConfiguration.Source.external(connectionString: "postgresql://someone@127.0.0.1:5432/ledger")

    @Test("each role's connections get the service's default timeouts; the owner gets none")
    func defaults() async throws {
        let db = try await LedgerDatabase.open(DatabaseConfiguration(source: external))
        #expect(db.app.sessionParameters == ["statement_timeout": "30s", "idle_in_transaction_session_timeout": "60s"])
        #expect(db.system.sessionParameters == ["statement_timeout": "5min", "idle_in_transaction_session_timeout": "60s"])
        #expect(db.owner.sessionParameters.isEmpty)
        // Separate logins get them too.
        var separate = DatabaseConfiguration(source: external)
        separate.appConnectionString = "postgresql://app@127.0.0.1:5432/ledger"
        separate.systemConnectionString = "postgresql://system@127.0.0.1:5432/ledger"
        let logins = try await LedgerDatabase.open(separate)
        #expect(logins.app.sessionParameters["statement_timeout"] == "30s")
        #expect(logins.system.sessionParameters["statement_timeout"] == "5min")
    }

    @Test("the caller can change the timeouts, and ICPLEDGER_SESSION_TIMEOUTS=off leaves them to the server")
    func overrides() async throws {
        var configuration = DatabaseConfiguration(source: external)
        configuration.sessionParameters[.app] = ["statement_timeout": "5s"]
        configuration.sessionParameters[.owner] = ["lock_timeout": "10s"]
        let db = try await LedgerDatabase.open(configuration)
        #expect(db.app.sessionParameters == ["statement_timeout": "5s"])
        #expect(db.owner.sessionParameters == ["lock_timeout": "10s"])
        #expect(db.system.sessionParameters["statement_timeout"] == "5min")

        let off = try LedgerConfiguration.inMemory([.databaseURL: "postgresql://someone@127.0.0.1/ledger", .sessionTimeouts: "off"])
        let untouched = try await LedgerDatabase.open(off.database)
        #expect(untouched.app.sessionParameters.isEmpty)
        #expect(untouched.system.sessionParameters.isEmpty)
        let on = try LedgerConfiguration.inMemory([.databaseURL: "postgresql://someone@127.0.0.1/ledger"])
        #expect(try await LedgerDatabase.open(on.database).app.sessionParameters["statement_timeout"] == "30s")
    }
}
