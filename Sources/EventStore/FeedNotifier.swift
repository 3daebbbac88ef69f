import Foundation
import Postgres

/// Coalesces subscriber wake-ups after appends.
///
/// An append only marks the feed as changed; 10 ms later (timed by the pool's event loop) one NOTIFY goes out
/// for every append made meanwhile, on a pooled connection and in its own asynchronous
/// commit. A NOTIFY per append would cost each writer a second commit (NOTIFY assigns a
/// transaction id) and serialise all writers on the notification queue lock. Nothing
/// depends on the hint: subscribers poll as well.
final class FeedNotifier: @unchecked Sendable {
    private let pool: PostgresPool
    private let lock = NSLock()
    private var scheduled = false

    init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Schedules a NOTIFY unless one is already waiting to go out.
    func poke() {
        let schedule = lock.withLock { () -> Bool in
            if scheduled { return false }
            scheduled = true
            return true
        }
        guard schedule else { return }
        let pool = pool
        // Timed and sent on the pool's event loop: no other thread wakes for it.
        pool.loop.schedule(after: .milliseconds(10)) { [self] in
            lock.withLock { scheduled = false }
            _ = try? await pool.query(EventStore.notifyStatement)
        }
    }
}
