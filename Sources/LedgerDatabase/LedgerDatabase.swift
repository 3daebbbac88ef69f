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
    /// The embedded cluster, when the configuration had no server.
    public let cluster: EmbeddedCluster?
    /// Where the cluster's files are, when embedded.
    public let embedded: EmbeddedPostgres?
    public let configuration: DatabaseConfiguration

    /// Assembles an opened database from parts (tests and benchmarks use their own databases).
    public init(owner: PostgresConnectionSettings, app: PostgresConnectionSettings, system: PostgresConnectionSettings,
                cluster: EmbeddedCluster?, embedded: EmbeddedPostgres?, configuration: DatabaseConfiguration) {
        self.owner = owner
        self.app = app
        self.system = system
        self.cluster = cluster
        self.embedded = embedded
        self.configuration = configuration
    }

    /// Resolves the configuration: starts (and if needed creates) the embedded cluster
    /// and its database, or checks the external connection string. Each role's settings
    /// carry that role's session parameters from the configuration (its timeouts).
    public static func open(_ configuration: DatabaseConfiguration, logger: Logger = Logger(label: "icpledger.database")) throws -> LedgerDatabase {
        let prepared = configuration.usePreparedStatements
        func session(_ role: DatabaseRole) -> [String: String] { configuration.sessionParameters[role] ?? [:] }
        switch configuration.source {
        case .external(let connectionString):
            let owner = PostgresConnectionSettings(connectionString: connectionString, usePreparedStatements: prepared,
                                                   sessionParameters: session(.owner))
            try owner.validate()
            func acting(as role: DatabaseRole, login: String?) throws -> PostgresConnectionSettings {
                if let login {
                    let settings = PostgresConnectionSettings(connectionString: login, usePreparedStatements: prepared,
                                                              sessionParameters: session(role))
                    try settings.validate()
                    return settings
                }
                var settings = owner.with(["options": "-c role=\(role.rawValue)"])
                settings.sessionParameters = session(role)
                return settings
            }
            return LedgerDatabase(owner: owner,
                                  app: try acting(as: .app, login: configuration.appConnectionString),
                                  system: try acting(as: .system, login: configuration.systemConnectionString),
                                  cluster: nil, embedded: nil, configuration: configuration)
        case .embedded(let dataDirectory):
            let embedded = EmbeddedPostgres(dataDirectory: dataDirectory, loginRoles: DatabaseRole.allCases.map(\.rawValue), logger: logger)
            let cluster = try embedded.start()
            do {
                try createRolesAndDatabase(cluster: cluster, database: configuration.embeddedDatabaseName)
            } catch {
                if cluster.startedHere { try? embedded.stop() }
                throw error
            }
            func login(_ role: DatabaseRole) -> PostgresConnectionSettings {
                var settings = cluster.settings(user: role.rawValue, database: configuration.embeddedDatabaseName)
                settings.usePreparedStatements = prepared
                settings.sessionParameters = session(role)
                return settings
            }
            return LedgerDatabase(owner: login(.owner), app: login(.app), system: login(.system),
                                  cluster: cluster, embedded: embedded, configuration: configuration)
        }
    }

    /// Applies pending migrations from the schema folder; returns those applied now.
    @discardableResult
    public func migrate() throws -> [Migration] {
        let migrations = try Migration.load(from: configuration.resolvedSchemaDirectory())
        let connection = try PostgresConnection(settings: owner)
        return try Migrator(migrations: migrations).migrate(connection)
    }

    /// Stops the embedded cluster if this process started it.
    public func shutdown() {
        if let embedded, cluster?.startedHere == true { try? embedded.stop() }
    }

    /// Creates the three roles with the right attributes and the owner's database, once.
    /// Runs as the cluster superuser; safe when several processes do it at once.
    public static func createRolesAndDatabase(cluster: EmbeddedCluster, database: String) throws {
        let admin = try PostgresConnection(settings: cluster.settings(user: cluster.superuser, database: "postgres"))
        let attributes: [DatabaseRole: String] = [.owner: "LOGIN", .app: "LOGIN", .system: "LOGIN BYPASSRLS"]
        for role in DatabaseRole.allCases {
            let name = quoteIdentifier(role.rawValue)
            do {
                try admin.query(PostgresQuery(sql: "CREATE ROLE \(name) \(attributes[role]!)"))
            } catch let error as PostgresError where error.sqlState == "42710" || error.isUniqueViolation {
                try admin.query(PostgresQuery(sql: "ALTER ROLE \(name) \(attributes[role]!)"))
            }
        }
        try createDatabase(database, admin: admin)
    }

    /// Creates a database owned by the owner role unless it exists.
    public static func createDatabase(_ database: String, admin: PostgresConnection, template: String? = nil) throws {
        let exists = try admin.query("SELECT 1 FROM pg_database WHERE datname = \(database)").count > 0
        guard !exists else { return }
        let templateClause = template.map { " TEMPLATE \(quoteIdentifier($0))" } ?? ""
        do {
            try admin.query(PostgresQuery(sql: "CREATE DATABASE \(quoteIdentifier(database)) OWNER \(DatabaseRole.owner.rawValue)\(templateClause)"))
        } catch let error as PostgresError where error.sqlState == "42P04" || error.isUniqueViolation {
            // created by a concurrent start
        }
    }
}
