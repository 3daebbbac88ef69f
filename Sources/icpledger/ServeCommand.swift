import ArgumentParser
import HTTPServer
import Hummingbird
import Logging
import Postgres

/// `icpledger serve`: migrate, then serve HTTP until SIGINT/SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the service. Without DATABASE_URL it starts (and on exit stops) its own PostgreSQL.")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port = 8080

    func run() async throws {
        try await CommandFailure.reporting {
            let logger = Logger(label: "icpledger")
            let db = try database.openMigrated(logger: logger)
            defer { db.shutdown() }
            if let embedded = db.embedded, db.cluster?.startedHere == true {
                // Stops the cluster even if this process is killed without cleaning up.
                try embedded.stopWhenProcessExits()
            }
            let appPool = PostgresPool(settings: db.app, maxConnections: 8, logger: logger)
            let app = buildApplication(configuration: ServerConfiguration(host: host, port: port), appPool: appPool, logger: logger)
            try await app.runService()
            await appPool.close()
            logger.info("icpledger stopped")
        }
    }
}
