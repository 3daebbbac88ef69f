/// The callers waiting for a pooled connection, first come, first served.
///
/// Owned and only touched by the pool actor. A waiter leaves the queue exactly once —
/// served, timed out, cancelled, or failed because the pool closed — and is resumed at
/// that moment, so a caller that gave up can never later be handed (and lose) a connection.
struct PoolWaiters {
    /// One waiting caller.
    struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<PooledConnection, any Error>
        /// Fires the acquire timeout; cancelled when the waiter leaves the queue another way.
        let timer: Task<Void, Never>

        /// Hands the caller a connection.
        func resume(returning connection: PooledConnection) {
            timer.cancel()
            continuation.resume(returning: connection)
        }

        /// Ends the caller's wait with an error.
        func resume(throwing error: any Error) {
            timer.cancel()
            continuation.resume(throwing: error)
        }
    }

    private var queue: [Waiter] = []
    private var lastID: UInt64 = 0

    /// How many callers wait.
    var count: Int { queue.count }

    /// True when nobody waits.
    var isEmpty: Bool { queue.isEmpty }

    /// A fresh identity for a waiter about to be queued.
    mutating func nextID() -> UInt64 {
        lastID += 1
        return lastID
    }

    /// Queues a waiter behind those already waiting.
    mutating func append(_ waiter: Waiter) {
        queue.append(waiter)
    }

    /// Takes out the longest-waiting caller, if any.
    mutating func removeFirst() -> Waiter? {
        queue.isEmpty ? nil : queue.removeFirst()
    }

    /// Takes out the waiter with this identity if it still waits (nil once it was served or ended).
    mutating func remove(_ id: UInt64) -> Waiter? {
        guard let index = queue.firstIndex(where: { $0.id == id }) else { return nil }
        return queue.remove(at: index)
    }

    /// Takes out every waiter.
    mutating func removeAll() -> [Waiter] {
        defer { queue.removeAll() }
        return queue
    }
}
