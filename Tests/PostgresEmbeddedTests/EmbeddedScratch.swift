import Foundation
import PostgresEmbedded

/// A scratch folder under the temporary folder for one embedded-cluster test; `remove()` deletes it.
struct EmbeddedScratch {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("icpledger-embedded-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The uid and gid the cluster runs as: `postgres` when root, else ourselves.
    static var clusterUser: (uid: uid_t, gid: gid_t) {
        if geteuid() == 0, let entry = getpwnam("postgres") { return (entry.pointee.pw_uid, entry.pointee.pw_gid) }
        return (geteuid(), getegid())
    }

    /// The owner of a path, not following a symbolic link.
    static func owner(of path: String) -> uid_t? {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_uid : nil
    }
}

extension EmbeddedPostgres {
    /// Runs `body`, then stops this cluster if it runs, whether `body` returned or threw: what
    /// `defer { try? stop() }` did while `stop()` was synchronous. The stop also happens when the test
    /// was cancelled (a time limit), as it runs in a task that does not inherit the cancellation.
    func stoppedAfter<T>(_ body: () async throws -> T) async throws -> T {
        let value: T
        do {
            value = try await body()
        } catch {
            await stopIgnoringCancellation()
            throw error
        }
        await stopIgnoringCancellation()
        return value
    }

    private func stopIgnoringCancellation() async {
        await Task { try? await stop() }.value
    }
}
