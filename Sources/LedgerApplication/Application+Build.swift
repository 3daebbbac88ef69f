public import EventStore
public import HTTPServer
public import Hummingbird
public import LedgerConfiguration
public import Logging

/// The Hummingbird application icpledger serves; a concrete type, so callers can add services and
/// start-up work (`addServices`, `beforeServerStarts`) before running it.
public typealias LedgerHTTPApplication = Application<RouterResponder<LedgerRequestContext>>

/// The HTTP application over `services`: the routes, and every service it needs in one service
/// group, the HTTP server last (so it stops first and the pools and runner outlive every request).
/// `serve` runs it with `runService()`, which turns SIGINT and SIGTERM into a graceful shutdown;
/// the HTTP tests run the same application through HummingbirdTesting. `signer` signs the board
/// reports' checkpoints (default: the services' key, ``LedgerServices/signer``).
public func buildApplication(
    _ services: LedgerServices, server: LedgerConfiguration.ServerSettings, signer: CheckpointSigner? = nil
) -> LedgerHTTPApplication {
    let maxLag = server.maxLagSeconds
    _ = LedgerMetrics.registry
    let router = buildRouter(
        ledger: services.ledger, appPool: services.appPool, readiness: { await services.readiness(maxLagSeconds: maxLag) },
        metrics: { LedgerMetrics.scrape(await services.readiness(maxLagSeconds: maxLag)) }, signer: signer ?? services.signer,
        replicaReads: services.replicaReads)
    return Application(
        router: router,
        configuration: .init(address: .hostname(server.host, port: server.port), serverName: "icpledger"),
        services: services.services,
        logger: services.logger)
}

/// Opens the configured database as a server (``LedgerServices/open(_:role:policy:migrate:now:logger:)``)
/// and builds the HTTP application over it.
public func buildApplication(_ configuration: LedgerConfiguration, logger: Logger) async throws -> LedgerHTTPApplication {
    let services = try await LedgerServices.open(configuration, role: .server, logger: logger)
    return buildApplication(services, server: configuration.server)
}
