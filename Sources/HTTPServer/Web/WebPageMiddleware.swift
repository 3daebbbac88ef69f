import Foundation
import HTTPTypes
import Hummingbird
import ICPLedger
import Logging

/// Runs in front of every page. It reads the session cookie (for signed-in pages: none, or a dead
/// one, sends the browser to the sign-in page), refuses a posted form without the session's form
/// token, turns every error into an HTML page with the same status, and sets the headers every page
/// carries: a Content-Security-Policy with no script, no framing, no sniffing, no referrer abroad.
struct WebPageMiddleware: RouterMiddleware {
    typealias Context = LedgerRequestContext
    let ledger: Ledger
    let cache: HotPathCache
    /// True for the pages behind sign-in.
    let signedIn: Bool

    static let policy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.compressesPages = Gzip.accepted(by: request.headers[.acceptEncoding])
        var response: Response
        do {
            response = try await authenticated(request, context, next)
        } catch {
            response = Self.errorPage(error, request: request, context: context)
        }
        if response.headers[.contentSecurityPolicy] == nil { response.headers[.contentSecurityPolicy] = Self.policy }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "same-origin"
        response.headers[.xFrameOptions] = "DENY"
        return response
    }

    private func authenticated(
        _ request: Request, _ context: Context, _ next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        // A form posted from another site (the sign-in form included) is refused before anything else;
        // browsers name the page a form came from in Origin.
        if request.method == .post, !Self.sameOrigin(request) {
            throw Problem(
                .forbidden, "cross-origin", "The form came from another site", detail: "Forms of this site are posted from its own pages only.")
        }
        guard signedIn else { return try await next(request, context) }
        guard let secret = WebSession.secret(of: request),
            let caller = try await AuthenticationMiddleware.caller(for: secret, ledger: ledger, cache: cache)
        else {
            // A dead cookie is cleared on the way to the sign-in page; the page asked for comes back after it.
            var headers: HTTPFields = [:]
            if WebSession.secret(of: request) != nil { headers[.setCookie] = WebSession.clearingCookie(for: request) }
            let back = request.method == .get ? request.uri.description : "/"
            return WebRoutes.redirect("/sign-in?next=\(Self.queryEscaped(back))", headers: headers)
        }
        var context = context
        context.caller = caller
        context.csrfToken = WebSession.csrfToken(forSecret: secret)
        context.logger[metadataKey: "account"] = "\(caller.account)"
        var request = request
        if request.method == .post {
            // The body is read once here and kept, so the page reads the same bytes again.
            _ = try await request.collectBody(upTo: HTTPLimits.maxBodyBytes)
            let form = try await WebForm.read(request)
            guard WebSession.csrfMatches(form["csrf"], secret: secret) else {
                throw Problem(
                    .forbidden, "csrf", "The form has expired",
                    detail: "This form was not sent from a page of this session. Open the page again and resend it.")
            }
        }
        return try await next(request, context)
    }

    /// True when a request carries no Origin (not a browser's cross-site form) or an Origin whose host
    /// and port are the request's Host.
    static func sameOrigin(_ request: Request) -> Bool {
        guard let origin = request.headers[.origin] else { return true }
        guard let url = URL(string: origin), let host = url.host, let authority = request.head.authority else { return false }
        let given = url.port.map { "\(host):\($0)" } ?? host
        let defaultPort = url.scheme == "https" ? ":443" : ":80"
        return given.lowercased() == authority.lowercased() || (given + defaultPort).lowercased() == authority.lowercased()
    }

    static func queryEscaped(_ text: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=?#+")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "/"
    }

    struct ErrorView {
        var heading: String
        var detail: String
        var fields: [Problem.FieldError]
        var back: String
    }

    /// An error as a page: a problem's status, title and detail; a fault of the server logged with
    /// the request id and shown without its details.
    static func errorPage(_ error: any Error, request: Request, context: Context) -> Response {
        let problem: Problem
        if let known = Problem.from(error) {
            problem = known
        } else {
            context.logger.error("page failed", metadata: ["error": "\(String(reflecting: error))"])
            problem = Problem(
                .internalServerError, "internal", "Something went wrong",
                detail: "The server failed to answer; the failure is logged under request id \(context.id).")
        }
        if problem.status == .unauthorized, request.method == .get {
            return WebRoutes.redirect("/sign-in?next=\(queryEscaped(request.uri.description))")
        }
        var back = request.uri.path
        if request.method == .post, let slash = back.lastIndex(of: "/"),
            back.hasSuffix("/approve") || back.hasSuffix("/reject")
                || back.hasSuffix("/publish") || back.hasSuffix("/resolve")
        {
            back = String(back[..<slash])
        }
        var response = WebRoutes.page(
            "error", ErrorView(heading: problem.title, detail: problem.detail, fields: problem.errors, back: WebRoutes.safeNext(back)),
            title: problem.title, context: context, status: problem.status)
        for field in [HTTPField.Name.retryAfter] { if let value = problem.headers[field] { response.headers[field] = value } }
        return response
    }
}
