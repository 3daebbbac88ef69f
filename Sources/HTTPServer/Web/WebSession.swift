import ByteText
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// A signed-in page session, carried by one cookie.
///
/// The cookie holds the secret of a short-lived token of the person's account (``Ledger/createSession(for:lifetime:)``),
/// so a session is checked, limited and revoked exactly as an API token is, on every instance, with
/// nothing kept in memory. The form token (CSRF) is derived from that secret: a page can only be
/// posted by someone who could read the cookie, which a script on another site cannot.
enum WebSession {
    /// The cookie's name.
    static let cookieName = "icpl_session"

    /// The form token of a session: SHA-256 over a fixed label and the session's secret, in hex.
    static func csrfToken(forSecret secret: String) -> String {
        var hasher = SHA256()
        hasher.update(data: Array("icpledger web form\u{0}".utf8))
        hasher.update(data: Array(secret.utf8))
        return Hex.encode(hasher.finalize())
    }

    /// True when `sent` is the session's form token, compared in constant time.
    static func csrfMatches(_ sent: String?, secret: String) -> Bool {
        guard let sent else { return false }
        return ConstantTime.equal(Array(sent.utf8), Array(csrfToken(forSecret: secret).utf8))
    }

    /// The cookie that starts a session: HttpOnly, SameSite=Strict, the whole site, expiring with
    /// the token, and Secure when the request came over TLS (directly or through a proxy that says so).
    static func cookie(secret: String, maxAge: Int, for request: Request) -> String {
        var parts = ["\(cookieName)=\(secret)", "Path=/", "Max-Age=\(max(0, maxAge))", "HttpOnly", "SameSite=Strict"]
        if isTLS(request) { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }

    /// The cookie that ends a session in the browser.
    static func clearingCookie(for request: Request) -> String {
        var parts = ["\(cookieName)=", "Path=/", "Max-Age=0", "HttpOnly", "SameSite=Strict"]
        if isTLS(request) { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }

    static func isTLS(_ request: Request) -> Bool {
        request.uri.scheme == .https || request.headers[.xForwardedProto]?.lowercased() == "https"
    }

    /// The session secret a request's cookie carries, if any.
    static func secret(of request: Request) -> String? {
        guard let value = request.cookies[cookieName]?.value, !value.isEmpty else { return nil }
        return value
    }
}

/// Slows down repeated sign-ins from one address: after ``freeFailures`` attempts that did not succeed,
/// each further attempt waits twice as long as the one before (from a quarter second up to
/// ``maxDelay``), and past ``lockoutFailures`` the address is refused (429) until its last attempt is
/// ``window`` old. An attempt counts as failed from the moment it starts, so a burst of guesses sent at
/// once is slowed like guesses sent one after another; a success clears the address. Kept per instance:
/// a guesser spread over instances is still slowed on each.
final class SignInThrottle: Sendable {
    static let freeFailures = 3
    static let lockoutFailures = 20
    static let maxDelay: Duration = .seconds(8)
    static let window: Duration = .seconds(15 * 60)
    static let capacity = 10_000

    private struct Record {
        var failures: Int
        var last: ContinuousClock.Instant
    }

    private let records = Mutex([String: Record]())
    private let clock = ContinuousClock()

    /// What an attempt from an address must do first: wait this long, or be refused for this long.
    enum Verdict: Equatable {
        case proceed(after: Duration)
        case refuse(retryAfter: Duration)
    }

    /// Starts an attempt from `address`: counted as a failure until ``succeeded(_:)`` says otherwise.
    func begin(_ address: String) -> Verdict {
        let now = clock.now
        return records.withLock { records in
            if records.count >= Self.capacity { records.removeAll() }
            var record = records[address] ?? Record(failures: 0, last: now)
            if now - record.last >= Self.window { record.failures = 0 }
            if record.failures >= Self.lockoutFailures { return .refuse(retryAfter: Self.window - (now - record.last)) }
            let earlier = record.failures
            record.failures += 1
            record.last = now
            records[address] = record
            guard earlier >= Self.freeFailures else { return .proceed(after: .zero) }
            return .proceed(after: min(.milliseconds(250 * (1 << min(earlier - Self.freeFailures, 10))), Self.maxDelay))
        }
    }

    func succeeded(_ address: String) {
        _ = records.withLock { $0.removeValue(forKey: address) }
    }
}

extension HTTPField.Name {
    static let xForwardedProto = HTTPField.Name("X-Forwarded-Proto")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
}
