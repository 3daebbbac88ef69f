import Foundation
public import Logging
import Metrics
public import Postgres
public import ServiceLifecycle
public import Webhooks

/// Works through the webhook outbox: claims due deliveries (a short statement, no transaction held
/// while sending), sends each signed, and records the outcome — delivered, retried later with
/// backoff and jitter, or given up after the retry policy's bound with the reason kept.
///
/// Several instances may run at once: a claim skips rows another instance is claiming, and a claim
/// that lapses (its instance died mid-send) makes the delivery due again. Delivery is therefore at
/// least once; the delivery id (`webhook-id`) lets a receiver drop repeats. Deliveries are written
/// with their events, so pending ones survive any restart.
public struct WebhookDispatcher: Service {
    /// The system role's pool: deliveries of every workspace.
    public let pool: PostgresPool
    public let sender: WebhookSender
    public let retry: WebhookRetryPolicy
    /// Deliveries claimed and sent at once.
    public let batchSize: Int
    /// How often the outbox is looked at when it was empty.
    public let pollInterval: Duration
    public let logger: Logger

    public init(
        pool: PostgresPool, sender: WebhookSender, retry: WebhookRetryPolicy = WebhookRetryPolicy(), batchSize: Int = 16,
        pollInterval: Duration = .seconds(1), logger: Logger = Logger(label: "icpledger.webhooks")
    ) {
        self.pool = pool
        self.sender = sender
        self.retry = retry
        self.batchSize = max(1, batchSize)
        self.pollInterval = pollInterval
        self.logger = logger
    }

    /// Seconds a claim lasts: longer than an attempt can take, so only a dead dispatcher's claim lapses.
    var claimSeconds: Int { Int(sender.timeout.components.seconds) * 2 + 10 }

    /// Claims one batch of due deliveries, sends them concurrently and records each outcome; returns
    /// how many it claimed.
    @discardableResult
    public func runOnce() async throws -> Int {
        let claimed = try await pool.withConnection { [batchSize, claimSeconds] in
            try WebhookOutbox.claim(limit: batchSize, seconds: claimSeconds, on: $0)
        }
        guard !claimed.isEmpty else { return 0 }
        await withTaskGroup(of: Void.self) { group in
            for delivery in claimed {
                group.addTask { await deliver(delivery) }
            }
        }
        return claimed.count
    }

    /// Sends one claimed delivery and records what happened.
    func deliver(_ claimed: WebhookOutbox.Claimed) async {
        let outcome: WebhookOutbox.Outcome
        if !claimed.live {
            outcome = .giveUp(status: nil, error: "the subscription was removed before this could be delivered")
        } else if let secret = WebhookSecret(claimed.secret) {
            let result = await sender.send(url: claimed.url, secret: secret, id: WebhookDelivery.messageID(claimed.id), body: claimed.body)
            outcome = self.outcome(of: result, attempt: claimed.attempt)
        } else {
            outcome = .giveUp(status: nil, error: "the subscription's secret is not usable")
        }
        Counter(label: "icpledger_webhook_attempts_total", dimensions: [("outcome", Self.label(outcome))]).increment()
        do {
            _ = try await pool.withConnection { try WebhookOutbox.record(outcome, of: claimed, on: $0) }
        } catch {
            // The claim lapses and the delivery is tried again: at least once, never lost.
            logger.warning(
                "could not record a webhook attempt; it will be tried again",
                metadata: ["delivery": "\(claimed.id)", "error": "\(error)"])
        }
        if case .giveUp(_, let reason) = outcome {
            logger.warning(
                "gave up a webhook delivery", metadata: ["delivery": "\(claimed.id)", "attempts": "\(claimed.attempt)", "reason": "\(reason)"])
        }
    }

    /// What an attempt's result means for the delivery.
    func outcome(of result: WebhookSender.Result, attempt: Int) -> WebhookOutbox.Outcome {
        let status: Int?
        let reason: String
        switch result {
        case .delivered(let code): return .delivered(status: code)
        case .refused(let code):
            status = code
            reason = result.summary
            if code == 410 { return .giveUp(status: code, error: "the receiver answered HTTP 410 Gone") }
        case .failed(let why, let permanent):
            status = nil
            reason = why
            if permanent { return .giveUp(status: nil, error: why) }
        }
        guard retry.retries(after: attempt) else {
            return .giveUp(status: status, error: "gave up after \(attempt) attempts; the last: \(reason)")
        }
        return .retry(status: status, error: reason, after: retry.delay(after: attempt))
    }

    static func label(_ outcome: WebhookOutbox.Outcome) -> String {
        switch outcome {
        case .delivered: "delivered"
        case .retry: "retry"
        case .giveUp: "failed"
        }
    }

    /// Works through the outbox until the service group shuts down: batch after batch while there
    /// is work, then a look every ``pollInterval``. Closes the sender's HTTP client at the end.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                var claimed = 0
                do {
                    claimed = try await runOnce()
                } catch is CancellationError {
                    break
                } catch {
                    logger.warning("the webhook dispatcher's round failed; it tries again", metadata: ["error": "\(error)"])
                }
                if claimed == 0 { try? await Task.sleep(for: pollInterval) }
            }
        }
        await sender.shutdown()
    }
}
