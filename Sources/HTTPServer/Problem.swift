import EventStore
import Foundation
import HTTPTypes
public import Hummingbird
import ICPDomain
import ICPLedger
import Logging
import Postgres
import Projections

/// An error answered as an RFC 9457 problem document (`application/problem+json`): a stable
/// `type` a client can branch on, a `title`, a `detail` in the user's terms, and for validation
/// failures the fields at fault.
public struct Problem: Error, HTTPResponseError, Sendable {
    /// One field a validation failure names.
    public struct FieldError: Codable, Sendable, Hashable {
        public var field: String
        public var code: String
        public var message: String
    }

    public let status: HTTPResponse.Status
    /// The last part of the type URI (`https://icpledger.dev/problems/<slug>`).
    public let slug: String
    public let title: String
    public let detail: String
    public var errors: [FieldError] = []
    public var headers: HTTPFields = [:]
    /// Extra members, for example the current version on a 412.
    public var extensions: [String: String] = [:]

    public init(_ status: HTTPResponse.Status, _ slug: String, _ title: String, detail: String, errors: [FieldError] = []) {
        self.status = status
        self.slug = slug
        self.title = title
        self.detail = detail
        self.errors = errors
    }

    /// The base of every problem type URI.
    public static let typeBase = "https://icpledger.dev/problems/"

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var body: [String: Any] = [
            "type": Self.typeBase + slug, "title": title, "status": Int(status.code), "detail": detail,
        ]
        if !errors.isEmpty { body["errors"] = errors.map { ["field": $0.field, "code": $0.code, "message": $0.message] } }
        for (key, value) in extensions { body[key] = value }
        let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])
        var fields = headers
        fields[.contentType] = "application/problem+json"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data + [0x0A])))
    }

    // MARK: The problems the API answers

    static func unauthenticated(_ detail: String) -> Problem {
        var problem = Problem(.unauthorized, "unauthenticated", "Authentication required", detail: detail)
        problem.headers[.wwwAuthenticate] = #"Bearer realm="icpledger""#
        return problem
    }

    static func forbidden(_ detail: String) -> Problem { Problem(.forbidden, "forbidden", "Not allowed", detail: detail) }

    static func notFound(_ detail: String) -> Problem { Problem(.notFound, "not-found", "Not found", detail: detail) }

    static func invalid(_ detail: String, errors: [FieldError] = []) -> Problem {
        Problem(.unprocessableContent, "invalid", "The request is not valid", detail: detail, errors: errors)
    }

    static func malformed(_ detail: String) -> Problem { Problem(.badRequest, "malformed", "The request cannot be read", detail: detail) }

    static func conflict(_ detail: String) -> Problem { Problem(.conflict, "conflict", "Conflict", detail: detail) }

    static func tooLarge(_ detail: String) -> Problem { Problem(.contentTooLarge, "too-large", "Request too large", detail: detail) }

    static func preconditionFailed(current: String) -> Problem {
        var problem = Problem(
            .preconditionFailed, "version-mismatch", "The resource changed",
            detail: "The ICP is at version \(current), not the one If-Match names; read it again and decide on the current version.")
        problem.headers[.eTag] = "\"\(current)\""
        problem.extensions["currentVersion"] = current
        return problem
    }

    /// The problem an error thrown below the routes stands for; nil for a server fault.
    static func from(_ error: any Error) -> Problem? {
        switch error {
        case let problem as Problem: return problem
        case let error as LedgerError: return from(error)
        case let error as DomainError: return from(error)
        case let error as AccountError:
            switch error {
            case .tokenNotFound: return notFound(error.description)
            default: return invalid(error.description)
            }
        case let halted as ProjectionHalted:
            var problem = Problem(
                .serviceUnavailable, "projection-halted", "The read models of this workspace are halted",
                detail: "The change was stored, but the read models stopped at an event they cannot apply: \(halted)")
            problem.headers[.retryAfter] = "60"
            return problem
        case is ProjectionLagging:
            var problem = Problem(
                .serviceUnavailable, "projection-lagging", "The read models are behind",
                detail: "The change was stored; the read models have not caught up with it yet. Read again shortly.")
            problem.headers[.retryAfter] = "1"
            return problem
        case let error as PostgresError where error.isTransient:
            // The database is down, restarting, failing over, out of connections or too slow: say so
            // at once and when to come back, never hang. A change whose answer was lost this way is
            // in doubt; sent again with the same Idempotency-Key it takes effect once.
            var problem = Problem(
                .serviceUnavailable, "database-unavailable", "The database is unavailable",
                detail:
                    "The ledger's database did not complete the request; retry shortly. A change sent with an Idempotency-Key can be sent again with the same key: it takes effect at most once."
            )
            problem.headers[.retryAfter] = "2"
            return problem
        case let error as PostgresError where error.sqlState?.hasPrefix("22") == true:
            // A data exception (a number or date out of the column's range, a malformed value): the
            // input was not checked before it reached the database; still the client's mistake.
            return invalid("A value is outside what the ledger can store: \(error.sqlState ?? "").")
        case let error as HTTPError:
            let detail = error.body ?? error.status.reasonPhrase
            switch error.status {
            case .contentTooLarge: return tooLarge("The body is larger than the server accepts (\(HTTPLimits.maxBodyBytes / 1024) KiB).")
            case .notFound: return notFound(detail)
            case .methodNotAllowed: return Problem(.methodNotAllowed, "method-not-allowed", "Method not allowed", detail: detail)
            case .unauthorized: return unauthenticated(detail)
            default:
                guard (400..<500).contains(error.status.code) else { return nil }
                return Problem(error.status, "bad-request", error.status.reasonPhrase, detail: detail)
            }
        default: return nil
        }
    }

    static func from(_ error: LedgerError) -> Problem {
        switch error {
        case .refused(let domain): from(domain)
        case .conflict: conflict(error.description)
        case .workspaceNotFound, .icpNotFound, .principalNotFound, .revisionNotFound: notFound(error.description)
        case .ambiguousWorkspace, .invalidName: invalid(error.description)
        case .workspaceNameTaken, .exportFolderExists, .notProvable: conflict(error.description)
        case .versionMismatch(let current): preconditionFailed(current: String(current))
        case .inconsistentHistory:
            Problem(.internalServerError, "inconsistent-read-model", "The read models are inconsistent", detail: error.description)
        }
    }

    static func from(_ error: DomainError) -> Problem {
        switch error {
        case .invalid(let errors):
            invalid(error.message, errors: errors.map { FieldError(field: $0.path, code: $0.code.rawValue, message: $0.message) })
        case .insufficientRole, .notAnApprover, .notAnAdmin:
            forbidden(error.message)
        case .proposerCannotApprove, .publisherCannotReviewOwnBypass:
            Problem(.forbidden, "four-eyes", "A second person is needed", detail: error.message)
        case .notFound, .unknownRevision, .noSuchGrant:
            notFound(error.message)
        case .alreadyExists, .duplicateProposal:
            conflict(error.message)
        default:
            Problem(.conflict, "not-allowed-now", "Not possible in the current state", detail: error.message)
        }
    }
}

/// Turns every error a route throws into a problem document; a fault of the server is logged with
/// the request id and answered without its details.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            if let problem = Problem.from(error) {
                if problem.status == .serviceUnavailable, let failure = error as? PostgresError {
                    context.logger.warning("database unavailable", metadata: ["error": "\(failure)"])
                }
                throw problem
            }
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            throw Problem(
                .internalServerError, "internal", "Internal error",
                detail: "The server failed to answer; the failure is logged under request id \(context.id).")
        }
    }
}

/// Limits on what a request may send.
public enum HTTPLimits {
    /// The largest body accepted (an ICP definition with every list at its limit fits well below).
    public static let maxBodyBytes = 1 << 20
    /// The most items one page returns.
    public static let maxPageSize = 500
    /// The longest a read waits for the read models to reach a consistency token.
    public static let consistencyWait: Duration = .seconds(5)
}
