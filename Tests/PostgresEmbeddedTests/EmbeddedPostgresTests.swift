import Foundation
import PostgresEmbedded
import Testing

@Suite("The embedded launcher refuses unusable data folders with one clear line")
struct EmbeddedPostgresTests {
    func clusterUser() -> (uid: uid_t, gid: gid_t) {
        EmbeddedScratch.clusterUser
    }

    @Test("a folder owned by another user", .enabled(if: geteuid() == 0, "needs root to hand a folder to another user"))
    func ownedByOtherUser() async throws {
        let scratch = try EmbeddedScratch()
        defer { scratch.remove() }
        let folder = scratch.path + "/data"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        let nobody = getpwnam("nobody")!
        chown(folder, nobody.pointee.pw_uid, nobody.pointee.pw_gid)
        do {
            _ = try await EmbeddedPostgres(dataDirectory: folder).start()
            Issue.record("started on a foreign folder")
        } catch let error as EmbeddedPostgresError {
            #expect(error.description.contains("belongs to user 'nobody'"))
            #expect(!error.description.contains("\n"))
        }
    }

    @Test("a folder from another PostgreSQL major version")
    func otherMajorVersion() async throws {
        let scratch = try EmbeddedScratch()
        defer { scratch.remove() }
        let folder = scratch.path + "/data"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        try "9\n".write(toFile: folder + "/PG_VERSION", atomically: true, encoding: .utf8)
        let user = clusterUser()
        chown(folder, user.uid, user.gid)
        do {
            _ = try await EmbeddedPostgres(dataDirectory: folder).start()
            Issue.record("started on a folder of another version")
        } catch let error as EmbeddedPostgresError {
            #expect(error.description.contains("was made by PostgreSQL 9"))
        }
    }

    @Test("a non-empty folder that holds no cluster, and a file in place of a folder")
    func notACluster() async throws {
        let scratch = try EmbeddedScratch()
        defer { scratch.remove() }
        let folder = scratch.path + "/data"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        try "hello".write(toFile: folder + "/notes.txt", atomically: true, encoding: .utf8)
        let user = clusterUser()
        chown(folder, user.uid, user.gid)
        await #expect(throws: EmbeddedPostgresError.self) { try await EmbeddedPostgres(dataDirectory: folder).start() }
        let file = scratch.path + "/file"
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        await #expect(throws: EmbeddedPostgresError.self) { try await EmbeddedPostgres(dataDirectory: file).start() }
    }
}
