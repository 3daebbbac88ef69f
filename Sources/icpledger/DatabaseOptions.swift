import ArgumentParser
import ICPDomain
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

/// How a ledger command reaches the ledger: through an icpledger server (`--server` or
/// `ICPLEDGER_SERVER`, with `ICPLEDGER_TOKEN`), else through the database (`DatabaseOptions`).
struct ConnectionOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Go through this icpledger server's API (default: ICPLEDGER_SERVER); the token in ICPLEDGER_TOKEN says who acts.",
            valueName: "url"))
    var server: String?

    @OptionGroup var database: DatabaseOptions

    /// Runs `body` with the gateway the settings choose: remote when a server is named, else direct.
    /// `actor` is the command's `--as`; naming someone with it is refused in remote mode.
    func withGateway<T>(label: String, actor: ActorOptions? = nil, _ body: (any LedgerGateway) async throws -> T) async throws -> T {
        let configuration = try database.configuration(server.map { [.remoteServer: $0] } ?? [:])
        if let remote = configuration.remote {
            if let named = actor?.actingAs {
                throw CLIError(
                    "--as \(TextEscaping.visible(named, limit: 40)) cannot be used with a server: the token (ICPLEDGER_TOKEN) says who acts")
            }
            guard let token = remote.token else {
                throw CLIError(
                    "ICPLEDGER_SERVER is set but ICPLEDGER_TOKEN is not: set it to a token (an operator makes the first with 'icpledger token create')"
                )
            }
            if remote.url.scheme?.lowercased() == "http", let host = remote.url.host,
                !["127.0.0.1", "::1", "[::1]", "localhost"].contains(host.lowercased())
            {
                Terminal.complain(
                    "icpledger: warning: ICPLEDGER_SERVER is plain http to \(host): the token travels unencrypted; use https:// beyond this machine")
            }
            return try await body(RemoteGateway(client: APIClient(base: remote.url, token: token)))
        }
        return try await database.withLedger(label: label) { ledger in
            try await body(DirectGateway(ledger: ledger, acting: actor))
        }
    }
}
