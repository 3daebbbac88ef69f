import Foundation

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
