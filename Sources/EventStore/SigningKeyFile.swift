import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The file holding a checkpoint signing key: one line, the key's text (``CheckpointSigner/text``),
/// readable by its owner only. Kept outside the database and shared by every instance, so that
/// rights over the database alone cannot sign a rewritten history.
public enum SigningKeyFile {
    /// Why a key file cannot be made or used.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// Writes a new key to `path`, which must not exist yet (a key is never overwritten), with
    /// owner-only permissions.
    public static func create(_ signer: CheckpointSigner, at path: String) throws(Failure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let reason = errno == EEXIST ? "it exists already (a key is never overwritten)" : String(cString: strerror(errno))
            throw Failure("cannot write the key to \(path): \(reason)")
        }
        defer { close(descriptor) }
        let bytes = Array((signer.text + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count, fchmod(descriptor, 0o600) == 0, fsync(descriptor) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(path)
            throw Failure("cannot write the key to \(path): \(reason)")
        }
    }

    /// The key at `path`, made there first when no file exists (the embedded single-machine
    /// default). The new key is written whole to a private file beside it and then linked into
    /// place, so an instance starting at the same moment reads either no file or a whole key, and
    /// two never end up with different keys. `created` is true when this call made it.
    public static func readOrCreate(_ path: String, name: String = "icpledger") throws(Failure) -> (signer: CheckpointSigner, created: Bool) {
        if access(path, F_OK) == 0 { return (try read(path), false) }
        let signer: CheckpointSigner
        do {
            signer = try CheckpointSigner(name: name)
        } catch {
            throw Failure("cannot make a signing key: \(error)")
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        let temporary = path + ".new-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try create(signer, at: temporary)
        defer { unlink(temporary) }
        guard link(temporary, path) == 0 else {
            guard errno == EEXIST else { throw Failure("cannot write the key to \(path): \(String(cString: strerror(errno)))") }
            return (try read(path), false)
        }
        return (signer, true)
    }

    /// Reads the key at `path`, refusing a file that anyone but its owner may read or write.
    public static func read(_ path: String) throws(Failure) -> CheckpointSigner {
        var status = stat()
        guard stat(path, &status) == 0 else { throw Failure("cannot read the key file \(path): \(String(cString: strerror(errno)))") }
        guard status.st_mode & S_IFMT == S_IFREG else { throw Failure("the key file \(path) is not a regular file") }
        guard status.st_mode & 0o077 == 0 else {
            throw Failure(
                "the key file \(path) may be read or changed by others (mode \(String(status.st_mode & 0o777, radix: 8))); run: chmod 600 \(path)")
        }
        guard status.st_size <= 4096, let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Failure("the key file \(path) is not a key file (a line of text)")
        }
        do {
            return try CheckpointSigner(text: text)
        } catch {
            throw Failure("the key file \(path) holds no signing key: \(error)")
        }
    }
}
