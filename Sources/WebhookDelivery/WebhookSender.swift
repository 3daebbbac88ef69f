import AsyncHTTPClient
import Dispatch
public import Foundation
import NIOCore
public import Webhooks

/// Sends one signed webhook request: checks where the URL resolves (the address policy, again at
/// every send, since a name can start resolving elsewhere), posts the JSON body with the Standard
/// Webhooks headers, and reports what happened. Redirects are not followed (one could lead to an
/// internal address). It owns an HTTP client; call ``shutdown()`` when done (a sender dropped
/// without it closes the client itself).
public final class WebhookSender: Sendable {
    let client: HTTPClient
    public let policy: WebhookAddressPolicy
    /// How long one attempt may take, connection included.
    public let timeout: Duration

    public init(policy: WebhookAddressPolicy, timeout: Duration = .seconds(10)) {
        self.policy = policy
        self.timeout = timeout
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.timeout = .init(connect: Self.amount(timeout), read: Self.amount(timeout))
        configuration.httpVersion = .http1Only
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// What one attempt found.
    public enum Result: Sendable, Hashable {
        /// The receiver answered 2xx.
        case delivered(status: Int)
        /// The receiver answered something else.
        case refused(status: Int)
        /// No answer: the address was refused, did not resolve, or the connection failed or timed out.
        /// `permanent` when no retry can mend it (an address the policy refuses).
        case failed(String, permanent: Bool)

        /// Whether the receiver took it.
        public var delivered: Bool {
            if case .delivered = self { return true }
            return false
        }

        /// The receiver's HTTP status, when it answered.
        public var status: Int? {
            switch self {
            case .delivered(let status), .refused(let status): status
            case .failed: nil
            }
        }

        /// One line for a person.
        public var summary: String {
            switch self {
            case .delivered(let status): "delivered (HTTP \(status))"
            case .refused(let status): "the receiver answered HTTP \(status)"
            case .failed(let reason, _): reason
            }
        }
    }

    /// Posts `body` to `url`, signed with `secret`, as delivery `id` (the `webhook-id`).
    public func send(url: String, secret: WebhookSecret, id: String, body: String, at moment: Date = Date()) async -> Result {
        switch await Self.check(url, policy, within: timeout) {
        case .failure(let problem):
            let permanent: Bool
            switch problem {
            case .unresolvable: permanent = false  // a name may resolve again
            default: permanent = true
            }
            return .failed("the URL \(problem)", permanent: permanent)
        case .success: break
        }
        let bytes = Array(body.utf8)
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "user-agent", value: "icpledger-webhooks/1")
        for header in WebhookSignature.headers(secret, id: id, timestamp: Int64(moment.timeIntervalSince1970), body: bytes) {
            request.headers.add(name: header.name, value: header.value)
        }
        request.body = .bytes(ByteBuffer(bytes: bytes))
        do {
            let deadline = ContinuousClock.now + timeout
            let response = try await client.execute(request, timeout: Self.amount(timeout))
            let status = Int(response.status.code)
            await Self.drain(response.body, until: deadline)
            return (200..<300).contains(status) ? .delivered(status: status) : .refused(status: status)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            return .failed("no answer within \(timeout)", permanent: false)
        } catch {
            return .failed("the request failed: \(String(describing: error).prefix(300))", permanent: false)
        }
    }

    /// Reads (and drops) an answer's body until it ends or the attempt's time is up, whichever
    /// comes first: a receiver that sends its head at once and then its body a byte at a time must
    /// not hold the dispatcher (the client's read timeout alone only bounds the gap between bytes).
    static func drain(_ body: HTTPClientResponse.Body, until deadline: ContinuousClock.Instant) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { _ = try? await body.collect(upTo: 64 * 1024) }
            group.addTask { try? await Task.sleep(until: deadline, clock: .continuous) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Sends a test ping (`webhook.test`, or a Slack text) to a subscription, at once and outside
    /// the outbox: nothing is recorded. Its `webhook-id` is fresh each time.
    public func ping(_ target: WebhookTarget, at moment: Date = Date()) async -> Result {
        await send(
            url: target.url, secret: target.secret, id: WebhookDelivery.messageID(UUID()), body: target.testBody(at: moment), at: moment)
    }

    /// Name resolution blocks, so it runs on a thread of its own rather than the cooperative pool,
    /// and it gets the attempt's time at most: a resolver that hangs is a failed attempt, not a
    /// stuck dispatcher.
    static func check(_ url: String, _ policy: WebhookAddressPolicy, within limit: Duration) async -> Swift.Result<URL, WebhookAddressProblem> {
        let host = URLComponents(string: url)?.host ?? url
        let once = ResumeOnce<Swift.Result<URL, WebhookAddressProblem>>()
        return await withCheckedContinuation { continuation in
            once.set(continuation)
            DispatchQueue.global().async { once.resume(policy.check(url)) }
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(amount(limit).nanoseconds))) {
                once.resume(.failure(.unresolvable(host: host + ", no answer from the resolver in time")))
            }
        }
    }

    static func amount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// Closes the HTTP client.
    public func shutdown() async {
        try? await client.shutdown()
    }

    /// A sender dropped without ``shutdown()`` (an error path, services built and never run) starts
    /// closing its client itself; the client lives on until that is done. Without this, a debug build
    /// stopped the whole process in the client's own deinit check. Shutting down a closed client only
    /// reports that it already was, which is ignored.
    deinit {
        client.shutdown { _ in }
    }
}

/// A continuation resumed by whichever answer comes first.
final class ResumeOnce<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, Never>?
    private var early: T?

    func set(_ continuation: CheckedContinuation<T, Never>) {
        lock.lock()
        if let early {
            lock.unlock()
            continuation.resume(returning: early)
            return
        }
        self.continuation = continuation
        lock.unlock()
    }

    func resume(_ value: T) {
        lock.lock()
        guard let continuation else {
            if early == nil { early = value }
            lock.unlock()
            return
        }
        self.continuation = nil
        early = value
        lock.unlock()
        continuation.resume(returning: value)
    }
}
