import Foundation

/// The `flock(2)` lock on the file beside the data folder that coordinates the processes using a cluster.
///
/// A process holds it shared for as long as it uses the cluster, and exclusive while it creates, starts
/// or stops it. The descriptor is close-on-exec, so the server and the programs started meanwhile never
/// inherit (and so never hold) it; the kernel drops it when the process ends, however it ends.
final class ClusterLock: @unchecked Sendable {
    let path: String
    /// Guards `descriptor`, which `close()` invalidates.
    private let guardLock = NSLock()
    private var descriptor: Int32

    /// Opens (creating, mode 0600) the lock file; refuses a symbolic link or a file that is not the caller's.
    init(path: String) throws {
        self.path = path
        let descriptor = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let reason = errno == ELOOP ? "it is a symbolic link" : "it cannot be opened (\(String(cString: strerror(errno))))"
            throw EmbeddedPostgresError.lockFileUnusable(path: path, reason: reason)
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_uid == geteuid() else {
            Foundation.close(descriptor)
            throw EmbeddedPostgresError.lockFileUnusable(path: path, reason: "it is not a regular file owned by the user running icpledger")
        }
        self.descriptor = descriptor
    }

    deinit { close() }

    /// Waits until no process holds the lock exclusively, then holds it shared
    /// (a conversion when this process held it exclusively: the exclusive lock is dropped first).
    ///
    /// Waits by asking without blocking every 10–40 ms, so a wait (another process may be creating the
    /// cluster for seconds) holds no thread of the cooperative pool; a cancelled task stops waiting.
    /// flock keeps no queue in which a blocked request would have held a place, so this gets the lock
    /// as soon as a blocking request would, give or take one pause.
    func lockShared() async throws {
        while try !attempt(LOCK_SH | LOCK_NB) {
            try await Task.sleep(nanoseconds: UInt64.random(in: 10_000_000...40_000_000))
        }
    }

    /// Holds the lock exclusively if no other process holds it at all; returns at once.
    /// A shared lock held here is dropped first either way (flock conversions are not atomic).
    func tryLockExclusive() -> Bool {
        guardLock.withLock { descriptor >= 0 && flock(descriptor, LOCK_EX | LOCK_NB) == 0 }
    }

    /// Lets go of the lock, keeping the file open.
    func unlock() {
        guardLock.withLock { if descriptor >= 0 { _ = flock(descriptor, LOCK_UN) } }
    }

    /// Closes the file, which lets go of the lock.
    func close() {
        guardLock.withLock {
            if descriptor >= 0 { Foundation.close(descriptor) }
            descriptor = -1
        }
    }

    /// One non-blocking request: true once held, false while another process holds it in a conflicting way.
    private func attempt(_ operation: Int32) throws -> Bool {
        let descriptor = guardLock.withLock { self.descriptor }
        while flock(descriptor, operation) != 0 {
            if errno == EWOULDBLOCK { return false }
            guard errno == EINTR else {
                throw EmbeddedPostgresError.lockFileUnusable(path: path, reason: "it cannot be locked (\(String(cString: strerror(errno))))")
            }
        }
        return true
    }
}
