import Foundation
import PostgresTestSupport
import Testing

@testable import Postgres

@Suite("Bad connection settings give one clear, secret-free line")
struct ConnectionErrorTests {
    @Test("the settings as one keyword string: the URL's values, overrides winning, quotes and backslashes escaped")
    func keywordString() throws {
        let settings = PostgresConnectionSettings(
            connectionString: "postgresql://app:it's%5Cme@db.example:6432/ledger?sslmode=require",
            overrides: ["dbname": "bench", "application_name": "a b"])
        let text = try settings.keywordString()
        let pieces = [
            "host='db.example'", "port='6432'", "sslmode='require'", #"password='it\'s\\me'"#, "dbname='bench'", "application_name='a b'",
        ]
        for piece in pieces { #expect(text.contains(piece), "\(piece)") }
        #expect(!text.contains("ledger"))
        // libpq reads it back as the same values.
        let again = try PostgresConnectionSettings(connectionString: text).keywordString()
        for piece in pieces { #expect(again.contains(piece), "\(piece)") }
        #expect(throws: PostgresError.self) { try PostgresConnectionSettings(connectionString: "host=localhost port").keywordString() }
    }

    @Test("a malformed connection string is refused before connecting")
    func malformed() throws {
        let settings = PostgresConnectionSettings(connectionString: "host=localhost port")
        #expect(throws: PostgresError.self) { try settings.validate() }
        do {
            _ = try PostgresConnection(settings: PostgresConnectionSettings(connectionString: "postgresql://u:sekrit@host:notaport/db"))
            Issue.record("expected a failure")
        } catch let error as PostgresError {
            #expect(!error.description.contains("sekrit"))
            #expect(!error.description.contains("\n"))
        }
    }

    @Test("an unreachable server is reported on one line")
    func unreachable() throws {
        do {
            _ = try PostgresConnection(settings: PostgresConnectionSettings(connectionString: "postgresql://127.0.0.1:1/none?connect_timeout=2"))
            Issue.record("expected a failure")
        } catch let PostgresError.connectionFailed(message) {
            #expect(!message.contains("\n"))
            #expect(message.contains("127.0.0.1"))
        }
    }

    @Test("a wrong password is refused without echoing the password")
    func wrongPassword() async throws {
        let db = try await TestDatabase.create()
        // The embedded cluster accepts only SCRAM on loopback TCP; the role has no such password.
        let port = try await db.withConnection(db.owner) { try $0.query("SHOW port").single().column(0, as: String.self) }
        let url = "postgresql://icpledger_app:Wr0ngPassw0rd@127.0.0.1:\(port)/\(db.name)"
        do {
            _ = try PostgresConnection(settings: PostgresConnectionSettings(connectionString: url))
            Issue.record("expected a failure")
        } catch let error as PostgresError {
            #expect(!error.description.contains("Wr0ngPassw0rd"))
            #expect(error.description.contains("password") || error.description.contains("authentication"))
        }
    }
}
