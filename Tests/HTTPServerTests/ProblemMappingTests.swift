import HTTPTypes
import Hummingbird
import Postgres
import Testing

@testable import HTTPServer

/// How errors from below the routes become answers: a database that is down, restarting or out of
/// connections is a 503 with Retry-After (never a 500, never a hang); a bad value is the client's 422.
@Suite("Errors become problem documents")
struct ProblemMappingTests {
    @Test(
        "a lost or refused connection, a server shutting down, a pool with no free connection, a timeout: 503 with Retry-After",
        arguments: [
            PostgresError.connectionFailed("connection refused"), .poolTimeout(waited: .seconds(5), connections: 10),
            .server(.init(sqlState: "57P01", message: "terminating connection due to administrator command")),
            .server(.init(sqlState: "08006", message: "connection failure")),
            .server(.init(sqlState: "57P03", message: "the database system is starting up")),
            .server(.init(sqlState: "53300", message: "too many connections")), .server(.init(sqlState: "57014", message: "statement timeout")),
        ])
    func unavailable(_ error: PostgresError) throws {
        let problem = try #require(Problem.from(error))
        #expect(problem.status == .serviceUnavailable && problem.slug == "database-unavailable")
        #expect(problem.headers[.retryAfter] == "2")
    }

    @Test("a value out of a column's range is the client's mistake; a broken invariant is the server's fault")
    func notUnavailable() {
        #expect(Problem.from(PostgresError.server(.init(sqlState: "22008", message: "date out of range")))?.status == .unprocessableContent)
        #expect(Problem.from(PostgresError.server(.init(sqlState: "23505", message: "duplicate key"))) == nil)
        #expect(Problem.from(PostgresError.unexpectedResult("two rows")) == nil)
    }
}
