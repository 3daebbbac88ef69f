public import Foundation
import Postgres
public import PostgresEmbedded

/// Where the service's database is: a configured server, or the embedded cluster.
///
/// Built by `LedgerConfiguration` from the command line and the environment, the one place that
/// reads settings. Passwords never appear in descriptions.
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
    /// A direct login (not through a pooler) for the system role's LISTEN connection, which must
    /// keep one server session; when absent, the system role's settings are used.
    public var listenConnectionString: String?
    /// A streaming standby that answers reads (serve only); its login acts as the app and system
    /// roles through `options`, as an external primary's owner login does.
    public var replicaConnectionString: String?
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
    /// Where the embedded cluster's server programs are looked for.
    public var postgresBinaries: PostgresBinarySearch

    /// The service's session timeouts. A request must not hold a connection or a transaction for
    /// long; system work (projection batches, verify) gets more room; the owner's migrations and
    /// rebuild COPYs of millions of rows get no limit.
    public static let defaultSessionParameters: [DatabaseRole: [String: String]] = [
        .app: ["statement_timeout": "30s", "idle_in_transaction_session_timeout": "60s"],
        .system: ["statement_timeout": "5min", "idle_in_transaction_session_timeout": "60s"],
    ]

    /// A configuration with the given parts; the session timeouts default to `defaultSessionParameters`.
    public init(
        source: Source, appConnectionString: String? = nil, systemConnectionString: String? = nil,
        listenConnectionString: String? = nil, replicaConnectionString: String? = nil, embeddedDatabaseName: String = "icpledger",
        usePreparedStatements: Bool = true,
        schemaDirectory: URL? = nil,
        sessionParameters: [DatabaseRole: [String: String]] = Self.defaultSessionParameters,
        postgresBinaries: PostgresBinarySearch = .standard
    ) {
        self.source = source
        self.appConnectionString = appConnectionString
        self.systemConnectionString = systemConnectionString
        self.listenConnectionString = listenConnectionString
        self.replicaConnectionString = replicaConnectionString
        self.embeddedDatabaseName = embeddedDatabaseName
        self.usePreparedStatements = usePreparedStatements
        self.schemaDirectory = schemaDirectory
        self.sessionParameters = sessionParameters
        self.postgresBinaries = postgresBinaries
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
