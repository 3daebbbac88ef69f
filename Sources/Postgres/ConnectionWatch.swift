import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// What a pool's stall check sees of one of its connections, from another thread: the server
/// libpq reached (`host:port`; with a multi-host URL, the one it chose), since when the connection
/// has been running a body, and its socket, which ``cut()`` can shut down.
///
/// A server that hangs rather than dies (its processes frozen, its storage stuck) keeps its TCP
/// connections open: its kernel still acknowledges them, so neither keepalives nor a TCP timeout
/// fire, and its own `statement_timeout` cannot. A thread waiting in libpq for its answer waits
/// forever. Shutting the socket down wakes it with a lost connection, which the caller sees as a
/// transient failure and the pool replaces.
final class ConnectionWatch: Sendable {
    /// Where libpq connected, `host:port`.
    let server: String
    private let state: Mutex<(socket: Int32, busySince: ContinuousClock.Instant?)>

    init(socket: Int32, server: String) {
        self.server = server
        state = Mutex((socket, nil))
    }

    /// The connection's thread starts running a body.
    func begin() { state.withLock { $0.busySince = .now } }

    /// The body ended.
    func end() { state.withLock { $0.busySince = nil } }

    /// How long the current body has run; nil when none runs.
    func busy(at now: ContinuousClock.Instant) -> Duration? {
        state.withLock { $0.busySince.map { now - $0 } }
    }

    /// Shuts the socket down in both directions, unless the connection was closed: a libpq call
    /// waiting on it returns at once with the connection lost, and an idle connection fails its
    /// pre-use check. Returns whether it did.
    @discardableResult
    func cut() -> Bool {
        state.withLock { state in
            guard state.socket >= 0 else { return false }
            return shutdown(state.socket, Int32(SHUT_RDWR)) == 0
        }
    }

    /// Called right before the connection is closed: the socket number may be reused afterwards,
    /// so ``cut()`` must never touch it again.
    func closing() { state.withLock { $0.socket = -1 } }
}
