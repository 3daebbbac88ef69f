import ArgumentParser
import ICPLedger
import LedgerApplication
import LedgerConfiguration
import LedgerDatabase
import Logging
import PostgresEmbedded

/// Options every command shares for choosing the database.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Folder of the embedded PostgreSQL cluster (default: ICPLEDGER_DATA_DIR or .icpledger/postgres). Ignored when DATABASE_URL is set.",
            valueName: "path"))
    var dataDir: String?

    /// The configuration: this command line's options over the environment.
    func configuration(_ more: [Setting: String] = [:]) throws -> LedgerConfiguration {
        var options = more
        if let dataDir { options[.dataDirectory] = dataDir }
        return try LedgerConfiguration.load(commandLine: options)
    }

    /// Opens the database (starting the embedded cluster if that is the source), migrates it and builds
    /// the ledger's services, runs `body` with them, and then shuts them down, whether `body` returns or throws.
    /// An embedded cluster started here stops once unused, unless `policy` is `.keepRunning`.
    func withServices<T>(
        label: String, policy: EmbeddedStopPolicy = .stopWhenUnused,
        _ body: (LedgerServices) async throws -> T
    ) async throws -> T {
        let services = try await LedgerServices.open(try configuration(), role: .command, policy: policy, logger: Logger(label: label))
        return try await services.run(body)
    }

    /// `withServices` for a command that needs only the application layer.
    func withLedger<T>(label: String, _ body: (Ledger) async throws -> T) async throws -> T {
        try await withServices(label: label) { try await body($0.ledger) }
    }
}
