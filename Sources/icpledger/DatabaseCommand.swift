import ArgumentParser
import LedgerDatabase
import Logging
import PostgresEmbedded

/// `icpledger db start|stop|status`: the embedded PostgreSQL cluster.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Start, stop or inspect the embedded PostgreSQL cluster.",
        subcommands: [Start.self, Stop.self, Status.self])

    /// The configured embedded cluster; a refusal when a server is configured instead.
    static func embedded(_ options: DatabaseOptions) throws -> EmbeddedPostgres {
        let configuration = try options.configuration().database
        guard case .embedded(let folder) = configuration.source else {
            throw ValidationError("DATABASE_URL (or PG* variables) is set: the embedded cluster is not in use")
        }
        return EmbeddedPostgres(dataDirectory: folder, binaries: configuration.postgresBinaries, logger: Logger(label: "icpledger.db"))
    }

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start the cluster (creating and migrating it if new) and leave it running until `db stop`.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandFailure.reporting {
                _ = try DatabaseCommand.embedded(database)
                try await database.withServices(label: "icpledger.db", policy: .keepRunning) { services in
                    let db = services.database
                    guard let cluster = db.cluster else { return }
                    print(
                        "embedded PostgreSQL is running (until `icpledger db stop`): data \(cluster.dataDirectory), socket \(cluster.socketDirectory), port \(cluster.port)"
                    )
                    // icpledger_owner sees no rows (row-level security is forced on it too); the system role
                    // bypasses it and may select from every table, and this OS user may log in as it.
                    let role = DatabaseRole.system.rawValue
                    print(
                        "look at every workspace's data (\(role) bypasses row-level security; read, do not write): psql -h \(cluster.socketDirectory) -p \(cluster.port) -U \(role) \(db.configuration.embeddedDatabaseName)"
                    )
                }
            }
        }
    }

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the cluster.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandFailure.reporting {
                try await DatabaseCommand.embedded(database).stop()
                print("embedded PostgreSQL is stopped")
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Say whether the cluster runs. Exits 0 when running, 1 when not.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let running = try await CommandFailure.reporting {
                let embedded = try DatabaseCommand.embedded(database)
                let (running, port) = try await embedded.status()
                print(
                    running
                        ? "running: \(embedded.dataDirectory) on port \(port.map(String.init) ?? "?")"
                        : "stopped: \(embedded.dataDirectory)")
                return running
            }
            if !running { throw ExitCode.failure }
        }
    }
}
