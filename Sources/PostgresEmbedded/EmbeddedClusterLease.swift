import Foundation

/// What becomes of a cluster this process starts once nobody uses it any more.
public enum EmbeddedStopPolicy: Sendable, Equatable {
    /// Stop it when its last user is done: one-off commands and `serve`.
    /// Marks the cluster "autostop" when this process starts it.
    case stopWhenUnused
    /// Leave it running until `icpledger db stop`: `icpledger db start`.
    /// Clears the "autostop" mark, even on a cluster that was already running.
    case keepRunning
}

/// This process's use of an embedded cluster, from `EmbeddedPostgres.start` to `end()`.
///
/// While it lasts the process holds the data folder's lock shared, so no other process stops the
/// cluster under the stop rule. `end()` lets go and then stops the cluster only if no other process
/// holds the lock (this was its last user) and the cluster is marked "autostop". A process that ends
/// without calling `end()` lets go all the same (the kernel drops the lock); the cluster then keeps
/// running until the next last user ends, or `serve`'s watchdog stops it.
public final class EmbeddedClusterLease: @unchecked Sendable {
    /// How to reach the running cluster.
    public let cluster: EmbeddedCluster
    private let embedded: EmbeddedPostgres
    private let lock: ClusterLock
    private let endLock = NSLock()
    private var ended = false

    init(embedded: EmbeddedPostgres, cluster: EmbeddedCluster, lock: ClusterLock) {
        self.embedded = embedded
        self.cluster = cluster
        self.lock = lock
    }

    /// Stops using the cluster, and stops the cluster if this was its last user and it was started for
    /// one-off use. Errors stopping it are logged, not thrown. Calling it again does nothing.
    /// A cancelled calling task does not cut it short: it waits for nothing but the programs it runs,
    /// which always run to their end (see `ClusterPrograms`).
    public func end() async {
        let first = endLock.withLock {
            defer { ended = true }
            return !ended
        }
        guard first else { return }
        lock.unlock()
        if lock.tryLockExclusive() {
            await embedded.stopIfMarkedAutostop()
        }
        lock.close()
    }
}
