import Hummingbird
import ICPLedger

/// Reads `Authorization: Bearer <token>` and puts the caller it names into the context; anything
/// else — no header, another scheme, an unknown, revoked or expired token — is a 401 before any
/// route runs. The token is never logged.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = LedgerRequestContext
    let ledger: Ledger
    let cache: HotPathCache

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw Problem.unauthenticated("Send an API token: Authorization: Bearer <token>.")
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Problem.unauthenticated("Only bearer tokens are accepted: Authorization: Bearer <token>.")
        }
        let secret = String(parts[1]).trimmingCharacters(in: .whitespaces)
        guard let caller = try await Self.caller(for: secret, ledger: ledger, cache: cache) else {
            throw Problem.unauthenticated("The token is unknown, revoked or expired.")
        }
        var context = context
        context.caller = caller
        context.logger[metadataKey: "account"] = "\(caller.account)"
        return try await next(request, context)
    }

    /// The caller a token's secret names, through the hot-path cache (one load per secret at a time);
    /// nil for a secret that names no live token.
    static func caller(for secret: String, ledger: Ledger, cache: HotPathCache) async throws -> Caller? {
        guard let hash = Ledger.secretHash(secret) else { return nil }
        if let known = cache.caller(hash) { return known }
        return try await cache.callerLoads.run(hash + withUnsafeBytes(of: cache.revocations) { Array($0) }) {
            let found = try await ledger.authenticate(secret)
            if let found { cache.store(caller: found, for: hash) }
            return found
        }
    }
}
