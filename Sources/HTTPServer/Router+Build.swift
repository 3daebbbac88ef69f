public import Hummingbird
public import Postgres

/// The routes of the HTTP API. The application around them (address, services) is built by
/// `LedgerApplication.buildApplication`.
public func buildRouter(appPool: PostgresPool, readiness: @escaping @Sendable () async -> ReadinessReport) -> Router<BasicRequestContext> {
    let router = Router()
    HealthController(pool: appPool).register(on: router)
    ReadinessController(check: readiness).register(on: router)
    return router
}
