import Foundation
import Logging
import Postgres

/// Coalesces subscriber wake-ups after appends.
///
/// An append only marks the feed as changed; 10 ms later (timed by the pool's event loop) one NOTIFY goes out
/// for every append made meanwhile, on a pooled connection and in its own asynchronous
/// commit. A NOTIFY per append would cost each writer a second commit (NOTIFY assigns a
/// transaction id) and serialise all writers on the notification queue lock. Nothing
/// depends on the hint: subscribers poll as well.
///
/// A NOTIFY that fails is logged and sent again a window later, up to `attempts` times in all,
/// unless a later append has already scheduled one: the appends of a burst that ends just then
/// would otherwise wake nobody until the subscribers' next poll. A NOTIFY due after its pool was
/// closed (the store shutting down) is dropped without a warning.
final class FeedNotifier: @unchecked Sendable {
    private let loop: PostgresEventLoop
    private let window: Duration
    private let attempts: Int
    private let logger: Logger
    private let send: @Sendable () async throws -> Void
    private let lock = NSLock()
    private var scheduled = false

    /// NOTIFYs sent on `pool`, timed by its loop.
    convenience init(pool: PostgresPool, logger: Logger = Logger(label: "eventstore.notify")) {
        self.init(loop: pool.loop, logger: logger) { _ = try await pool.query(EventStore.notifyStatement) }
    }

    /// `send` sends one NOTIFY; it runs on `loop`, at most one at a time per window.
    init(
        loop: PostgresEventLoop, window: Duration = .milliseconds(10), attempts: Int = 3, logger: Logger,
        send: @escaping @Sendable () async throws -> Void
    ) {
        precondition(attempts >= 1)
        self.loop = loop
        self.window = window
        self.attempts = attempts
        self.logger = logger
        self.send = send
    }

    /// Schedules a NOTIFY unless one is already waiting to go out.
    func poke() { schedule(attempt: 1) }

    private func schedule(attempt: Int) {
        let first = lock.withLock { () -> Bool in
            if scheduled { return false }
            scheduled = true
            return true
        }
        guard first else { return }
        // Timed and sent on the loop: no other thread wakes for it.
        loop.schedule(after: window) { [self] in
            lock.withLock { scheduled = false }
            do {
                try await send()
            } catch PostgresError.poolClosed {
                // The store is shutting down: nothing to retry on, and nothing to warn of.
                logger.debug("pool closed before a NOTIFY was sent; subscribers will see the events at their next poll")
            } catch {
                let retrying = attempt < attempts
                logger.warning(
                    "could not notify subscribers of new events\(retrying ? "; trying again" : "; they will see them at their next poll")",
                    metadata: ["error": "\(error)", "attempt": "\(attempt)"])
                if retrying { schedule(attempt: attempt + 1) }
            }
        }
    }
}
