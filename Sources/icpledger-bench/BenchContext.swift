import Foundation
import LedgerDatabase
import Logging
import Postgres
import PostgresEmbedded
import SchemaMigrations

/// A throwaway, migrated database for one benchmark run, on `DATABASE_URL` or the embedded default.
///
/// Created fresh as `icpledger_bench_<pid>` and dropped afterwards, so a benchmark
/// never touches real data and every run starts from the same empty state.
struct BenchContext: Sendable {
    /// Settings for the throwaway database, per role.
    let database: LedgerDatabase
    let name: String
    private let admin: PostgresConnectionSettings
    private let base: LedgerDatabase

    static func make(logger: Logger) async throws -> BenchContext {
        let base = try await LedgerDatabase.open(DatabaseConfiguration(), logger: logger)
        let name = "icpledger_bench_\(getpid())"
        let admin: PostgresConnectionSettings
        let forRole: (DatabaseRole) -> PostgresConnectionSettings
        if let cluster = base.cluster {
            admin = cluster.settings(user: cluster.superuser, database: "postgres")
            forRole = { cluster.settings(user: $0.rawValue, database: name) }
        } else {
            admin = base.owner
            forRole = { role in
                role == .owner ? base.owner.with(["dbname": name]) : base.owner.with(["dbname": name, "options": "-c role=\(role.rawValue)"])
            }
        }
        let connection = try PostgresConnection(settings: admin)
        try connection.query(PostgresQuery(sql: "DROP DATABASE IF EXISTS \(quoteIdentifier(name))"))
        try LedgerDatabase.createDatabase(name, admin: connection)
        let migrations = try Migration.load(from: base.configuration.resolvedSchemaDirectory())
        try Migrator(migrations: migrations).migrate(try PostgresConnection(settings: forRole(.owner)))
        let database = LedgerDatabase(owner: forRole(.owner), app: forRole(.app), system: forRole(.system),
                                      cluster: base.cluster, embedded: base.embedded, configuration: base.configuration)
        return BenchContext(database: database, name: name, admin: admin, base: base)
    }

    /// Drops the throwaway database and stops an embedded cluster this run started.
    func tearDown() async {
        if let connection = try? PostgresConnection(settings: admin) {
            _ = try? connection.query(PostgresQuery(sql: "DROP DATABASE IF EXISTS \(quoteIdentifier(name)) WITH (FORCE)"))
        }
        await base.shutdown()
    }

    /// The server's synchronous_commit setting (benchmarks want "on").
    func synchronousCommit() throws -> String {
        try PostgresConnection(settings: database.app).query("SHOW synchronous_commit").single().column(0, as: String.self)
    }

    /// Runs SQL as the owner (setting up baseline tables).
    func ownerExecute(_ sql: String) throws {
        try PostgresConnection(settings: database.owner).execute(script: sql)
    }
}
