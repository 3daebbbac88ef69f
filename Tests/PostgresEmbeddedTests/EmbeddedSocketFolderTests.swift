import Foundation
import PostgresEmbedded
import Testing

/// The socket folder under /tmp is shared ground: one another user prepared must not be used.
@Suite("The embedded launcher refuses a socket folder it did not make safely")
struct EmbeddedSocketFolderTests {
    /// Starts a throwaway cluster whose socket folder is `socket`; expects a one-line refusal naming it.
    func expectRefused(
        socket: String, data: String, containing fragment: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let embedded = EmbeddedPostgres(dataDirectory: data, durable: false, socketDirectory: socket)
        try await embedded.stoppedAfter {
            do {
                _ = try await embedded.start()
                Issue.record("started with the socket folder \(socket)", sourceLocation: sourceLocation)
            } catch let error as EmbeddedPostgresError {
                let text = error.description
                #expect(text.contains(socket) && text.contains(fragment), "\(text)", sourceLocation: sourceLocation)
                #expect(!text.contains("\n"), sourceLocation: sourceLocation)
            } catch {
                Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test("a pre-created world-writable folder")
    func worldWritable() async throws {
        let scratch = try EmbeddedScratch()
        defer { scratch.remove() }
        let socket = scratch.path + "/socket"
        #expect(mkdir(socket, 0o777) == 0 && chmod(socket, 0o777) == 0)
        try await expectRefused(socket: socket, data: scratch.path + "/data", containing: "its mode is 0777")
    }

    @Test("a symbolic link in its place, whose target keeps its owner")
    func symlink() async throws {
        let scratch = try EmbeddedScratch()
        defer { scratch.remove() }
        let target = scratch.path + "/target"
        let socket = scratch.path + "/socket"
        #expect(mkdir(target, 0o700) == 0)
        #expect(Foundation.symlink(target, socket) == 0)
        let ownerBefore = EmbeddedScratch.owner(of: target)
        try await expectRefused(socket: socket, data: scratch.path + "/data", containing: "symbolic link")
        #expect(EmbeddedScratch.owner(of: target) == ownerBefore, "the link's target changed hands")
    }

    @Test("a private folder owned by another user", .enabled(if: geteuid() == 0, "needs root to hand a folder to another user"))
    func otherOwner() async throws {
        let scratch = try EmbeddedScratch()
        defer { scratch.remove() }
        let socket = scratch.path + "/socket"
        #expect(mkdir(socket, 0o700) == 0)
        let nobody = getpwnam("nobody")!
        #expect(chown(socket, nobody.pointee.pw_uid, nobody.pointee.pw_gid) == 0)
        try await expectRefused(socket: socket, data: scratch.path + "/data", containing: "belongs to user 'nobody'")
    }

    @Test("a folder it makes itself is private to the cluster's user")
    func madeSafely() async throws {
        let scratch = try EmbeddedScratch()
        defer { scratch.remove() }
        let socket = scratch.path + "/socket"
        let embedded = EmbeddedPostgres(dataDirectory: scratch.path + "/data", durable: false, socketDirectory: socket)
        try await embedded.stoppedAfter {
            _ = try await embedded.start()
            var info = stat()
            #expect(lstat(socket, &info) == 0)
            #expect(info.st_mode & S_IFMT == S_IFDIR && info.st_mode & 0o777 == 0o700)
            #expect(info.st_uid == EmbeddedScratch.clusterUser.uid)
        }
    }
}
