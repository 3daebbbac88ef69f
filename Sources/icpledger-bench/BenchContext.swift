import Foundation
import LedgerConfiguration
import LedgerDatabase
import Logging
import Postgres
import PostgresEmbedded
import SchemaMigrations

/// A throwaway, migrated database for one benchmark run, on `DATABASE_URL` or the embedded default.
///
/// Created fresh as `icpledger_bench_<pid>` and dropped afterwards, so a benchmark
/// never touches real data and every run starts from the same empty state.
///
/// On the embedded cluster the database belongs to `icpledger_owner` and each role logs in as
/// itself. On an external server it belongs to the login `DATABASE_URL` names, which migrates it
/// and acts as `icpledger_app` and `icpledger_system` (`SET ROLE` at connect) unless
/// `ICPLEDGER_APP_DATABASE_URL` / `ICPLEDGER_SYSTEM_DATABASE_URL` give those roles logins of
/// their own; `checkExternalLogin` says up front what that login lacks.
struct BenchContext: Sendable {
    /// Settings for the throwaway database, per role.
    let database: LedgerDatabase
    /// The throwaway database's name.
    let name: String
    /// The benchmarks' own settings (rounds, rebuild size).
    let settings: LedgerConfiguration.BenchSettings
    private let admin: PostgresConnectionSettings
    private let base: LedgerDatabase

    /// Creates and migrates the throwaway database; on failure drops what it made and releases the cluster.
    static func make(_ configuration: LedgerConfiguration, logger: Logger) async throws -> BenchContext {
        let base = try await LedgerDatabase.open(configuration.database, logger: logger)
        let name = "icpledger_bench_\(getpid())"
        let admin: PostgresConnectionSettings
        let forRole: (DatabaseRole) -> PostgresConnectionSettings
        let owner: String?
        if let cluster = base.cluster {
            admin = cluster.settings(user: cluster.superuser, database: "postgres")
            forRole = { cluster.settings(user: $0.rawValue, database: name) }
            owner = DatabaseRole.owner.rawValue
        } else {
            // The login of DATABASE_URL owns the database: `icpledger_owner` exists only where the
            // embedded launcher made it. The app and system settings keep their `options=-c role=…`
            // (or their own logins); like the embedded ones they set no session timeouts.
            admin = base.owner
            forRole = { role in
                let settings =
                    switch role {
                    case .owner: base.owner
                    case .app: base.app
                    case .system: base.system
                    }
                var inBench = settings.with(["dbname": name])
                inBench.sessionParameters = [:]
                return inBench
            }
            owner = nil
        }
        var created = false
        do {
            let connection = try PostgresConnection(settings: admin)
            if base.cluster == nil {
                try checkExternalLogin(
                    connection,
                    acting: DatabaseRole.allCases.filter { role in
                        switch role {
                        case .owner: false
                        case .app: base.configuration.appConnectionString == nil
                        case .system: base.configuration.systemConnectionString == nil
                        }
                    })
            }
            try connection.query("DROP DATABASE IF EXISTS \(identifier: name)")
            try LedgerDatabase.createDatabase(name, admin: connection, owner: owner)
            created = true
            let migrations = try Migration.load(from: base.configuration.resolvedSchemaDirectory())
            try Migrator(migrations: migrations).migrate(try PostgresConnection(settings: forRole(.owner)))
        } catch {
            if created { drop(name, admin: admin) }
            await base.shutdown()
            throw error
        }
        let database = LedgerDatabase(
            owner: forRole(.owner), app: forRole(.app), system: forRole(.system),
            cluster: base.cluster, embedded: base.embedded, configuration: base.configuration)
        return BenchContext(database: database, name: name, settings: configuration.bench, admin: admin, base: base)
    }

    /// Fails with one line naming what the external login lacks: it must create databases
    /// (superuser or `CREATEDB`) and act as each role in `acting` — a superuser may, and the first
    /// migration creates missing roles; any other login must already be a member of existing roles.
    static func checkExternalLogin(_ connection: PostgresConnection, acting: [DatabaseRole]) throws {
        let login = try connection.query(
            """
            SELECT current_user::text, rolsuper, rolcreatedb FROM pg_roles WHERE rolname = current_user
            """
        ).single()
        let user = try login.column(0, as: String.self)
        let superuser = try login.column(1, as: Bool.self)
        let createsDatabases = try login.column(2, as: Bool.self)
        guard superuser || createsDatabases else {
            throw BenchFailure("login \(user) may not create databases: the bench needs a superuser or a login with CREATEDB")
        }
        guard !superuser else { return }
        for role in acting {
            let membership = try connection.query(
                """
                SELECT pg_has_role(current_user, oid, 'MEMBER') FROM pg_roles WHERE rolname = \(role.rawValue)
                """)
            guard let row = membership.first else {
                throw BenchFailure(
                    "role \(role.rawValue) does not exist and login \(user) is not a superuser: have a superuser create it (see Schema/0001_event_store.sql) and grant it to \(user)"
                )
            }
            guard try row.column(0, as: Bool.self) else {
                throw BenchFailure(
                    "login \(user) cannot act as \(role.rawValue): GRANT \(role.rawValue) TO \(user), or give that role its own login (ICPLEDGER_\(role == .app ? "APP" : "SYSTEM")_DATABASE_URL)"
                )
            }
        }
    }

    /// Drops the throwaway database and stops an embedded cluster this run started.
    func tearDown() async {
        Self.drop(name, admin: admin)
        await base.shutdown()
    }

    /// Drops the database, ending its sessions; errors are ignored (best effort on the way out).
    private static func drop(_ name: String, admin: PostgresConnectionSettings) {
        if let connection = try? PostgresConnection(settings: admin) {
            _ = try? connection.query("DROP DATABASE IF EXISTS \(identifier: name) WITH (FORCE)")
        }
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
