import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import ICPDomain
import ICPLedger
import Logging
import Reports
import Synchronization

/// The web pages: server-rendered HTML for the people who govern the ICP, on the same application
/// layer and the same tokens as the API.
///
/// A person signs in with an API token and gets a session cookie (``WebSession``); every page then
/// acts as that token's principal, capped at its role, exactly as `/v1` does (``V1Routes/access(_:_:)``,
/// ``V1Routes/command(_:_:_:)``). Every form carries the session's form token; every answer carries a
/// Content-Security-Policy that allows no script at all. The pages work without JavaScript.
struct WebRoutes: Sendable {
    let ledger: Ledger
    let cache: HotPathCache
    let api: V1Routes
    let throttle = SignInThrottle()
    let reports = RenderedReports()

    init(ledger: Ledger, cache: HotPathCache, signer: CheckpointSigner?) {
        self.ledger = ledger
        self.cache = cache
        api = V1Routes(ledger: ledger, cache: cache, signer: signer)
    }

    func register(on router: Router<LedgerRequestContext>) {
        let open = router.group().add(middleware: WebPageMiddleware(ledger: ledger, cache: cache, signedIn: false))
        open.get("assets/app.css") { _, context in
            Self.text(WebStyles.css, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"], context: context)
        }
        open.get("sign-in", use: signInPage)
        open.post("sign-in", use: signIn)
        let pages = router.group().add(middleware: WebPageMiddleware(ledger: ledger, cache: cache, signedIn: true))
        pages.get("", use: portfolio)
        pages.post("sign-out", use: signOut)
        pages.get("schedule", use: schedule)
        pages.post("schedule/calendar-feeds", use: createCalendarFeed)
        pages.get("w/:workspace", use: workspace)
        pages.get("w/:workspace/findings", use: findings)
        pages.post("w/:workspace/findings", use: recordFinding)
        pages.post("w/:workspace/findings/:finding/resolve", use: resolveFinding)
        pages.get("w/:workspace/report", use: report)
        pages.post("w/:workspace/report", use: renderReport)
        pages.get("w/:workspace/icps/:icp", use: icp)
        pages.get("w/:workspace/icps/:icp/history", use: history)
        pages.get("w/:workspace/icps/:icp/diff", use: diff)
        pages.get("w/:workspace/icps/:icp/propose", use: proposeForm)
        pages.post("w/:workspace/icps/:icp/propose", use: propose)
        pages.get("w/:workspace/icps/:icp/revisions/:revision", use: proposal)
        pages.get("w/:workspace/icps/:icp/revisions/:revision/amend", use: amendForm)
        pages.post("w/:workspace/icps/:icp/revisions/:revision/amend", use: amend)
        pages.post("w/:workspace/icps/:icp/revisions/:revision/approve", use: approve)
        pages.post("w/:workspace/icps/:icp/revisions/:revision/reject", use: reject)
        pages.post("w/:workspace/icps/:icp/revisions/:revision/publish", use: publish)
    }

    // MARK: Rendering

    /// A whole page: the layout around one template rendered with `view`.
    static func page(
        _ template: String, _ view: some Any, title: String, context: LedgerRequestContext, status: HTTPResponse.Status = .ok
    )
        -> Response
    {
        let body = WebTemplates.library.render(view, withTemplate: template) ?? ""
        let layout = LayoutView(
            title: title, signedIn: context.caller != nil, accountName: context.caller?.accountName ?? "", csrf: context.csrfToken ?? "", body: body)
        let html = WebTemplates.library.render(layout, withTemplate: "layout") ?? ""
        return text(html, status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "private, no-store"], context: context)
    }

    /// A text answer, gzip-compressed when the client accepts it and it is worth it.
    static func text(_ text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields, context: LedgerRequestContext) -> Response {
        var headers = headers
        headers[.vary] = "Accept-Encoding"
        let bytes = Array(text.utf8)
        if context.compressesPages, bytes.count >= Gzip.threshold, let compressed = Gzip.compress(bytes) {
            headers[.contentEncoding] = "gzip"
            return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: compressed)))
        }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    struct LayoutView {
        var title: String
        var signedIn: Bool
        var accountName: String
        var csrf: String
        var body: String
    }

    /// A 303 to `location` (after a form: the browser then GETs it).
    static func redirect(_ location: String, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.location] = location
        headers[.cacheControl] = "no-store"
        return Response(status: .seeOther, headers: headers)
    }

    // MARK: Sign-in

    struct SignInView {
        var message: String?
        var next: String
    }

    @Sendable func signInPage(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let next = Self.safeNext(request.uri.queryParameters.get("next").map { String($0) })
        return Self.page("signIn", SignInView(message: nil, next: next), title: "Sign in", context: context)
    }

    /// Exchanges a token for a session. Failures from one address are slowed down, then refused
    /// for a while (``SignInThrottle``); the answer never says whether a token once existed.
    @Sendable func signIn(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let form = try await WebForm.read(request)
        let next = Self.safeNext(form["next"])
        let address = Self.clientAddress(request, context)
        switch throttle.begin(address) {
        case .refuse(let retryAfter):
            var response = Self.page(
                "signIn", SignInView(message: "Too many failed sign-ins from here. Try again in a few minutes.", next: next), title: "Sign in",
                context: context, status: .tooManyRequests)
            response.headers[.retryAfter] = String(max(1, retryAfter.components.seconds))
            return response
        case .proceed(let delay):
            if delay > .zero { try await Task.sleep(for: delay) }
        }
        let secret = form.text("token") ?? ""
        guard let caller = try await ledger.authenticate(secret) else {
            context.logger.notice("web sign-in refused", metadata: ["address": "\(address)"])
            return Self.page(
                "signIn", SignInView(message: "That token is unknown, revoked or expired.", next: next), title: "Sign in", context: context,
                status: .unauthorized)
        }
        throttle.succeeded(address)
        let session = try await ledger.createSession(for: caller)
        let maxAge = Int((session.token.expiresAt ?? Date()).timeIntervalSince(ledger.now()))
        return Self.redirect(next, headers: [.setCookie: WebSession.cookie(secret: session.secret, maxAge: maxAge, for: request)])
    }

    /// Ends the session: its token is revoked on every instance and the cookie is cleared.
    @Sendable func signOut(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        try await ledger.revokeToken(caller.token, of: caller.account)
        cache.forget(token: caller.token)
        return Self.redirect("/sign-in", headers: [.setCookie: WebSession.clearingCookie(for: request)])
    }

    /// Where to go after signing in: a path of this site only (never `//host` or a scheme).
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/\\"), next.utf8.count <= 2000,
            next.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
        else { return "/" }
        return next
    }

    static func clientAddress(_ request: Request, _ context: LedgerRequestContext) -> String {
        context.remoteAddress?.ipAddress ?? "unknown"
    }
}

/// The latest board report each workspace's page rendered, per quarter, so opening the page again
/// answers at once; "Render again" makes a new one (which signs a new checkpoint when the log grew).
final class RenderedReports: Sendable {
    struct Entry: Sendable {
        var html: String
        var generatedAt: Date
        var events: Int
    }

    private let entries = Mutex([String: Entry]())

    func get(_ key: String) -> Entry? { entries.withLock { $0[key] } }

    func put(_ entry: Entry, for key: String) {
        entries.withLock { entries in
            if entries.count >= 100 { entries.removeAll() }
            entries[key] = entry
        }
    }
}
