public import Foundation
import Postgres

/// Where the service's database is: a configured server, or the embedded cluster.
///
/// Read once from the environment (see `init(environment:)`); nothing else in the
/// program reads database settings. Passwords never appear in descriptions.
public struct DatabaseConfiguration: Sendable {
    /// The database source.
    public enum Source: Sendable, Equatable {
        /// A server named by `DATABASE_URL` or the libpq `PG*` variables (empty string).
        case external(connectionString: String)
        /// A private cluster in this data folder.
        case embedded(dataDirectory: String)
    }

    public var source: Source
    /// Separate logins for the request-path and system roles (external servers only);
    /// when absent, the owner login acts as those roles via `SET ROLE` at connect.
    public var appConnectionString: String?
    public var systemConnectionString: String?
    /// The database created in the embedded cluster.
    public var embeddedDatabaseName: String
    /// Reuse server-side prepared statements (off behind a transaction-mode pooler).
    public var usePreparedStatements: Bool
    /// The folder holding the numbered SQL migrations.
    public var schemaDirectory: URL?
    /// Session parameters set on every connection of a role right after it connects
    /// (`PostgresConnectionSettings.sessionParameters`); a role not listed gets none, so the
    /// server's and the role's own settings apply.
    public var sessionParameters: [DatabaseRole: [String: String]]

    /// The service's session timeouts. A request must not hold a connection or a transaction for
    /// long; system work (projection batches, verify) gets more room; the owner's migrations and
    /// rebuild COPYs of millions of rows get no limit.
    public static let defaultSessionParameters: [DatabaseRole: [String: String]] = [
        .app: ["statement_timeout": "30s", "idle_in_transaction_session_timeout": "60s"],
        .system: ["statement_timeout": "5min", "idle_in_transaction_session_timeout": "60s"],
    ]

    /// A configuration with the given parts; the session timeouts default to `defaultSessionParameters`.
    public init(source: Source, appConnectionString: String? = nil, systemConnectionString: String? = nil,
                embeddedDatabaseName: String = "icpledger", usePreparedStatements: Bool = true, schemaDirectory: URL? = nil,
                sessionParameters: [DatabaseRole: [String: String]] = Self.defaultSessionParameters) {
        self.source = source
        self.appConnectionString = appConnectionString
        self.systemConnectionString = systemConnectionString
        self.embeddedDatabaseName = embeddedDatabaseName
        self.usePreparedStatements = usePreparedStatements
        self.schemaDirectory = schemaDirectory
        self.sessionParameters = sessionParameters
    }

    /// Reads `DATABASE_URL` (or `PGHOST`/`PGDATABASE`/`PGSERVICE`), `ICPLEDGER_APP_DATABASE_URL`,
    /// `ICPLEDGER_SYSTEM_DATABASE_URL`, `ICPLEDGER_DATA_DIR`, `ICPLEDGER_PREPARED_STATEMENTS`,
    /// `ICPLEDGER_SESSION_TIMEOUTS` (`off` leaves timeouts to the server and the roles' own
    /// settings) and `ICPLEDGER_SCHEMA_DIR`. A data folder given explicitly wins over the environment.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment, dataDirectory: String? = nil) {
        let url = environment["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        let usesLibpqEnvironment = ["PGHOST", "PGDATABASE", "PGSERVICE", "PGHOSTADDR"].contains { environment[$0]?.isEmpty == false }
        if let dataDirectory {
            source = .embedded(dataDirectory: dataDirectory)
        } else if let url {
            source = .external(connectionString: url)
        } else if usesLibpqEnvironment {
            source = .external(connectionString: "")
        } else {
            source = .embedded(dataDirectory: environment["ICPLEDGER_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? ".icpledger/postgres")
        }
        appConnectionString = environment["ICPLEDGER_APP_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        systemConnectionString = environment["ICPLEDGER_SYSTEM_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        embeddedDatabaseName = "icpledger"
        usePreparedStatements = !Self.isOff(environment["ICPLEDGER_PREPARED_STATEMENTS"])
        sessionParameters = Self.isOff(environment["ICPLEDGER_SESSION_TIMEOUTS"]) ? [:] : Self.defaultSessionParameters
        schemaDirectory = environment["ICPLEDGER_SCHEMA_DIR"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
    }

    /// True for a switch set to `0`, `false`, `off` or `no`.
    static func isOff(_ value: String?) -> Bool {
        ["0", "false", "off", "no"].contains(value?.lowercased() ?? "")
    }

    /// The schema folder: the configured one, else `./Schema`, else next to the executable's package.
    public func resolvedSchemaDirectory() -> URL {
        if let schemaDirectory { return schemaDirectory }
        let fileManager = FileManager.default
        var candidates = [URL(fileURLWithPath: fileManager.currentDirectoryPath).appendingPathComponent("Schema")]
        var folder = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(folder.appendingPathComponent("Schema"))
            folder = folder.deletingLastPathComponent()
        }
        candidates.append(URL(fileURLWithPath: "/usr/share/icpledger/Schema"))
        return candidates.first { fileManager.fileExists(atPath: $0.path) } ?? candidates[0]
    }
}
