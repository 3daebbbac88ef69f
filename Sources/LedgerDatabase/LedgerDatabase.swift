import Foundation
public import Logging
public import Postgres
public import PostgresEmbedded
public import SchemaMigrations

/// The service's database, opened: connection settings for each role, and the
/// embedded cluster when one was started for it.
public struct LedgerDatabase: Sendable {
    /// Logs in as the schema owner (migrations).
    public let owner: PostgresConnectionSettings
    /// Logs in as (or acts as) `icpledger_app`, the request path.
    public let app: PostgresConnectionSettings
    /// Logs in as (or acts as) `icpledger_system`, cross-tenant system work.
    public let system: PostgresConnectionSettings
    /// The system role's LISTEN connection: a direct login when one is configured, else `system`.
    public var listen: PostgresConnectionSettings {
        guard let direct = configuration.listenConnectionString else { return system }
        var settings = PostgresConnectionSettings(
            connectionString: direct, usePreparedStatements: configuration.usePreparedStatements,
            sessionParameters: configuration.sessionParameters[.system] ?? [:])
        if cluster == nil, configuration.systemConnectionString == nil {
            settings = settings.with(["options": "-c role=\(DatabaseRole.system.rawValue)"])
        }
        return settings
    }
    /// The read replica's logins as the request-path role and the system role (its probe), when one is configured.
    public var replica: (app: PostgresConnectionSettings, system: PostgresConnectionSettings)? {
        guard let url = configuration.replicaConnectionString else { return nil }
        func acting(as role: DatabaseRole) -> PostgresConnectionSettings {
            PostgresConnectionSettings(
                connectionString: url, overrides: ["options": "-c role=\(role.rawValue)"],
                usePreparedStatements: configuration.usePreparedStatements, sessionParameters: configuration.sessionParameters[role] ?? [:])
        }
        return (acting(as: .app), acting(as: .system))
    }
    /// The embedded cluster, when the configuration had no server.
    public let cluster: EmbeddedCluster?
    /// Where the cluster's files are, when embedded.
    public let embedded: EmbeddedPostgres?
    /// This process's use of the embedded cluster, which `shutdown()` ends.
    public let lease: EmbeddedClusterLease?
    public let configuration: DatabaseConfiguration

    /// Assembles an opened database from parts (tests and benchmarks use their own databases).
    public init(
        owner: PostgresConnectionSettings, app: PostgresConnectionSettings, system: PostgresConnectionSettings,
        cluster: EmbeddedCluster?, embedded: EmbeddedPostgres?, configuration: DatabaseConfiguration,
        lease: EmbeddedClusterLease? = nil
    ) {
        self.owner = owner
        self.app = app
        self.system = system
        self.cluster = cluster
        self.embedded = embedded
        self.lease = lease
        self.configuration = configuration
    }

    /// Resolves the configuration: starts (and if needed creates) the embedded cluster
    /// and its database, or checks the external connection string. Each role's settings
    /// carry that role's session parameters from the configuration (its timeouts).
    ///
    /// `policy` says what becomes of an embedded cluster this call starts once nobody uses it:
    /// stopped by its last user (the default), or left running (`icpledger db start`).
    /// Call `shutdown()` when done, or use `withShutdown(_:)`.
    public static func open(
        _ configuration: DatabaseConfiguration, logger: Logger = Logger(label: "icpledger.database"),
        policy: EmbeddedStopPolicy = .stopWhenUnused
    ) async throws -> LedgerDatabase {
        let prepared = configuration.usePreparedStatements
        func session(_ role: DatabaseRole) -> [String: String] { configuration.sessionParameters[role] ?? [:] }
        switch configuration.source {
        case .external(let connectionString):
            let owner = PostgresConnectionSettings(
                connectionString: connectionString, usePreparedStatements: prepared,
                sessionParameters: session(.owner))
            try owner.validate()
            func acting(as role: DatabaseRole, login: String?) throws -> PostgresConnectionSettings {
                if let login {
                    let settings = PostgresConnectionSettings(
                        connectionString: login, usePreparedStatements: prepared,
                        sessionParameters: session(role))
                    try settings.validate()
                    return settings
                }
                var settings = owner.with(["options": "-c role=\(role.rawValue)"])
                settings.sessionParameters = session(role)
                return settings
            }
            return LedgerDatabase(
                owner: owner,
                app: try acting(as: .app, login: configuration.appConnectionString),
                system: try acting(as: .system, login: configuration.systemConnectionString),
                cluster: nil, embedded: nil, configuration: configuration)
        case .embedded(let dataDirectory):
            let embedded = EmbeddedPostgres(
                dataDirectory: dataDirectory, loginRoles: DatabaseRole.allCases.map(\.rawValue),
                binaries: configuration.postgresBinaries, logger: logger)
            let lease = try await embedded.start(policy: policy)
            let cluster = lease.cluster
            do {
                try createRolesAndDatabase(cluster: cluster, database: configuration.embeddedDatabaseName)
            } catch {
                await lease.end()
                throw error
            }
            func login(_ role: DatabaseRole) -> PostgresConnectionSettings {
                var settings = cluster.settings(user: role.rawValue, database: configuration.embeddedDatabaseName)
                settings.usePreparedStatements = prepared
                settings.sessionParameters = session(role)
                return settings
            }
            return LedgerDatabase(
                owner: login(.owner), app: login(.app), system: login(.system),
                cluster: cluster, embedded: embedded, configuration: configuration, lease: lease)
        }
    }

    /// Applies pending migrations from the schema folder; returns those applied now.
    @discardableResult
    public func migrate() throws -> [Migration] {
        let migrations = try Migration.load(from: configuration.resolvedSchemaDirectory())
        let connection = try PostgresConnection(settings: owner)
        return try Migrator(migrations: migrations).migrate(connection)
    }

    /// Ends this process's use of the embedded cluster: stops it if no other process uses it and it
    /// was started for one-off use (see `EmbeddedClusterLease.end()`). Does nothing for an external server.
    public func shutdown() async {
        await lease?.end()
    }

    /// Runs `body` with this database, then `shutdown()`, whether `body` returns or throws: the async
    /// form of `defer { shutdown() }`, which Swift does not allow.
    public func withShutdown<T>(_ body: (LedgerDatabase) async throws -> T) async throws -> T {
        let value: T
        do {
            value = try await body(self)
        } catch {
            await shutdown()
            throw error
        }
        await shutdown()
        return value
    }

    /// Arbitrary constant naming the advisory lock that serialises role set-up.
    static let roleLockKey: Int64 = 0x1C91_ED6E_5000_0002

    /// Creates the three roles with the right attributes and the owner's database, once.
    /// Runs as the cluster superuser; safe when several processes do it at once: they take turns
    /// under an advisory lock, as two concurrent `ALTER ROLE`s of one role fail ("tuple concurrently updated").
    public static func createRolesAndDatabase(cluster: EmbeddedCluster, database: String) throws {
        let admin = try PostgresConnection(settings: cluster.settings(user: cluster.superuser, database: "postgres"))
        try admin.query("SELECT pg_advisory_lock(\(roleLockKey))")
        defer { _ = try? admin.query("SELECT pg_advisory_unlock(\(roleLockKey))") }
        let attributes: [DatabaseRole: PostgresQuery] = [.owner: "LOGIN", .app: "LOGIN", .system: "LOGIN BYPASSRLS"]
        for role in DatabaseRole.allCases {
            let options = attributes[role] ?? "LOGIN"
            do {
                try admin.query("CREATE ROLE \(identifier: role.rawValue) \(options)")
            } catch let error as PostgresError where error.sqlState == "42710" || error.isUniqueViolation {
                try admin.query("ALTER ROLE \(identifier: role.rawValue) \(options)")
            }
        }
        try createDatabase(database, admin: admin)
    }

    /// Creates a database unless it exists, owned by `owner` (the owner role by default; nil: the
    /// login `admin` is connected as, which needs no role of the service to exist).
    public static func createDatabase(
        _ database: String, admin: PostgresConnection, template: String? = nil,
        owner: String? = DatabaseRole.owner.rawValue
    ) throws {
        let exists = try admin.query("SELECT 1 FROM pg_database WHERE datname = \(database)").count > 0
        guard !exists else { return }
        let ownerClause: PostgresQuery = owner.map { " OWNER \(identifier: $0)" } ?? ""
        let templateClause: PostgresQuery = template.map { " TEMPLATE \(identifier: $0)" } ?? ""
        do {
            try admin.query("CREATE DATABASE \(identifier: database)\(ownerClause)\(templateClause)")
        } catch let error as PostgresError where error.sqlState == "42P04" || error.isUniqueViolation {
            // created by a concurrent start
        }
    }
}
