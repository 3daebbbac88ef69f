import ArgumentParser
import LedgerDatabase
import Logging
import PostgresEmbedded

/// Options every command shares for choosing the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Folder of the embedded PostgreSQL cluster (default: ICPLEDGER_DATA_DIR or .icpledger/postgres). Ignored when DATABASE_URL is set.",
        valueName: "path"))
    var dataDir: String?

    /// The configuration from the environment, with the data folder option applied.
    func configuration() -> DatabaseConfiguration {
        var configuration = DatabaseConfiguration()
        if let dataDir, case .embedded = configuration.source {
            configuration.source = .embedded(dataDirectory: dataDir)
        }
        return configuration
    }

    /// Opens the database (starting the embedded cluster if that is the source), migrates it, runs
    /// `body` with it and then shuts it down, whether `body` returns or throws.
    /// An embedded cluster started here stops once unused, unless `policy` is `.keepRunning`.
    func withMigrated<T>(logger: Logger, policy: EmbeddedStopPolicy = .stopWhenUnused,
                         _ body: (LedgerDatabase) async throws -> T) async throws -> T {
        let database = try await LedgerDatabase.open(configuration(), logger: logger, policy: policy)
        return try await database.withShutdown { database in
            let applied = try database.migrate()
            for migration in applied { logger.info("applied migration \(migration.version) \(migration.name)") }
            return try await body(database)
        }
    }
}
