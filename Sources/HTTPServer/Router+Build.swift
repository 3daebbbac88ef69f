import HTTPTypes
public import Hummingbird
public import ICPLedger
public import Postgres

/// The routes of the HTTP API. The application around them (address, services) is built by
/// `LedgerApplication.buildApplication`.
///
/// `/live`, `/health`, `/ready`, `/metrics` and `/openapi.yaml` are public; everything under `/v1` needs a bearer token.
/// Every error, on every route, is answered as a problem document, and every answer carries the
/// request's id (`X-Request-Id`), which the logs of that request carry too.
public func buildRouter(
    ledger: Ledger, appPool: PostgresPool, readiness: @escaping @Sendable () async -> ReadinessReport,
    metrics: @escaping @Sendable () async -> String = { "" }
) -> Router<LedgerRequestContext> {
    let router = Router(context: LedgerRequestContext.self)
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: ProblemMiddleware())
    // Alive, without asking anything of the database: for a liveness probe (and the benchmark's
    // trivial route).
    router.get("live") { _, _ in HealthController.json(.ok, #"{"status":"alive"}"#) }
    HealthController(pool: appPool).register(on: router)
    ReadinessController(check: readiness).register(on: router)
    router.get("metrics") { _, _ in
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: await metrics())))
    }
    router.get("openapi.yaml") { _, _ in
        Response(
            status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
    }
    let cache = HotPathCache()
    let v1 = router.group("v1").add(middleware: AuthenticationMiddleware(ledger: ledger, cache: cache))
        .add(middleware: IdempotencyMiddleware(ledger: ledger))
    V1Routes(ledger: ledger, cache: cache).register(on: v1)
    return router
}

/// Puts the request's id in the response (`X-Request-Id`): the id its log lines carry.
struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            var response = try await next(request, context)
            response.headers[.requestID] = context.id
            return response
        } catch let error as any HTTPResponseError {
            var response = try error.response(from: request, context: context)
            response.headers[.requestID] = context.id
            return response
        }
    }
}

extension HTTPField.Name {
    static let requestID = HTTPField.Name("X-Request-Id")!
}
