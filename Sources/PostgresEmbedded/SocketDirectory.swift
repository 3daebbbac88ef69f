import Foundation

/// The folder holding the cluster's unix socket, made or accepted only when no other user could have
/// prepared it: a real folder (not a symbolic link), owned by the cluster's user, mode 0700.
///
/// It lives in /tmp, where any local user can create names first; a folder they made (world-writable,
/// or theirs) could hold a fake socket, and a symbolic link could make root hand its target away.
struct SocketDirectory {
    let path: String
    /// The OS user that runs the cluster, and its ids.
    let userName: String
    let uid: uid_t
    let gid: gid_t

    /// Refuses an existing folder that is not safe; a missing one is fine (`prepare` makes it).
    func check() throws {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return }
            throw refusal("it cannot be inspected (\(String(cString: strerror(errno))))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: break
        case S_IFLNK: throw refusal("it is a symbolic link")
        default: throw refusal("it is not a folder")
        }
        let mode = info.st_mode & 0o7777
        guard mode == 0o700 else {
            throw refusal("its mode is \(String(format: "%04o", mode)) (other users could use it), not 0700")
        }
        guard info.st_uid == uid else {
            let owner = getpwuid(info.st_uid).map { String(cString: $0.pointee.pw_name) } ?? "uid \(info.st_uid)"
            throw refusal("it belongs to user '\(owner)', not '\(userName)'")
        }
    }

    /// Makes the folder (mode 0700, given to the cluster's user without following links), or checks the one there.
    func prepare() throws {
        guard mkdir(path, 0o700) == 0 else {
            guard errno == EEXIST else { throw refusal("it cannot be created (\(String(cString: strerror(errno))))") }
            try check()
            return
        }
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw refusal("it changed while being created") }
        defer { close(descriptor) }
        var info = stat()
        // mkdir applies the umask; fchmod/fchown act on the folder just opened, never on a link's target.
        guard fstat(descriptor, &info) == 0, info.st_uid == geteuid(), fchmod(descriptor, 0o700) == 0 else {
            throw refusal("it changed while being created")
        }
        if info.st_uid != uid, fchown(descriptor, uid, gid) != 0 {
            throw refusal("it cannot be given to user '\(userName)' (\(String(cString: strerror(errno))))")
        }
    }

    /// Removes the folder once the server is stopped (it removes its socket itself); only an empty folder goes.
    func removeIfEmpty() {
        _ = rmdir(path)
    }

    private func refusal(_ reason: String) -> EmbeddedPostgresError {
        .socketDirectoryUnsafe(path: path, reason: reason)
    }
}
