public import EventStore
import Foundation
import HTTPTypes
public import Hummingbird
public import ICPLedger
public import Postgres

/// The routes of the HTTP API. The application around them (address, services) is built by
/// `LedgerApplication.buildApplication`.
///
/// `/live`, `/health`, `/ready`, `/metrics` and `/openapi.yaml` are public; `/calendar/{secret}.ics` is reached by the secret
/// in its path (calendar apps send no headers); everything under `/v1` needs a bearer token. The web pages
/// (``WebRoutes``: `/`, `/sign-in`, `/w/…`) need a session cookie, which signing in with a token gives.
/// Every error, on every route, is answered as a problem document, and every answer carries the
/// request's id (`X-Request-Id`), which the logs of that request carry too.
public func buildRouter(
    ledger: Ledger, appPool: PostgresPool, readiness: @escaping @Sendable () async -> ReadinessReport,
    metrics: @escaping @Sendable () async -> String = { "" }, signer: CheckpointSigner? = nil, replicaReads: ReplicaReads? = nil
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
    // A review calendar for calendar apps, which cannot send headers: the secret in the path says whose.
    router.get("calendar/:secret") { _, context in
        let secret = try context.parameters.require("secret")
        let name = secret.hasSuffix(".ics") ? String(secret.dropLast(4)) : secret
        guard let feed = try await ledger.calendarFeed(secret: name) else {
            throw Problem.notFound("There is no calendar feed at this address (it may have been revoked).")
        }
        let entries = try await ledger.portfolio(of: feed.account, limitedTo: feed.workspace)
        let title =
            feed.workspace.flatMap { id in entries.first { $0.workspace == id }?.workspaceName }.map { "ICP reviews — \($0)" } ?? "ICP reviews"
        return Response(
            status: .ok, headers: [.contentType: "text/calendar; charset=utf-8", .cacheControl: "private, max-age=300"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: ReviewCalendar.ics(entries, title: title, now: Date()))))
    }
    let cache = HotPathCache()
    let v1 = router.group("v1").add(middleware: AuthenticationMiddleware(ledger: ledger, cache: cache))
        .add(middleware: IdempotencyMiddleware(ledger: ledger))
        .add(middleware: ReadSourceMiddleware())
    V1Routes(ledger: ledger, cache: cache, signer: signer, replicaReads: replicaReads).register(on: v1)
    WebRoutes(ledger: ledger, cache: cache, signer: signer).register(on: router)
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
