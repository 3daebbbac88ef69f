public import Hummingbird
public import Logging
public import Postgres

/// Builds the HTTP application; `serve` runs it and tests call it with port 0.
public func buildApplication(
    configuration: ServerConfiguration, appPool: PostgresPool, logger: Logger,
    readiness: @escaping @Sendable () async -> ReadinessReport
) -> some ApplicationProtocol {
    let router = Router()
    HealthController(pool: appPool).register(on: router)
    ReadinessController(check: readiness).register(on: router)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "icpledger"),
        logger: logger)
}
