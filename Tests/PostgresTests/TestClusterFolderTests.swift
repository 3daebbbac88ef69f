import Foundation
import Testing

@testable import PostgresTestSupport

/// The throwaway clusters live in memory when `/dev/shm` is a tmpfs with room, else in the temporary
/// folder (see `TestServer.clusterParentFolder`).
@Suite("Where the test clusters keep their files")
struct TestClusterFolderTests {
    static var shmIsWritableTmpfs: Bool {
        let mounts = (try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)) ?? ""
        return mounts.split(separator: "\n").contains { $0.split(separator: " ").dropFirst().prefix(2) == ["/dev/shm", "tmpfs"] }
            && access("/dev/shm", W_OK) == 0
    }

    @Test("a folder that is no tmpfs, or one without the room asked for, falls back to the temporary folder")
    func fallsBack() {
        let temporary = FileManager.default.temporaryDirectory
        #expect(TestServer.clusterParentFolder(memory: "/nonexistent-\(UUID())") == temporary)
        #expect(TestServer.clusterParentFolder(memory: "/dev/shm", minimumFree: .max) == temporary)
        // The repository's folder is on a disk here, never a tmpfs mount point of its own.
        #expect(TestServer.clusterParentFolder(memory: FileManager.default.currentDirectoryPath, minimumFree: 1) == temporary)
    }

    @Test("a writable tmpfs with room is used", .enabled(if: shmIsWritableTmpfs, "/dev/shm is no writable tmpfs here"))
    func usesMemory() async throws {
        #expect(TestServer.clusterParentFolder(memory: "/dev/shm", minimumFree: 1).path == "/dev/shm")
    }

    @Test("the machine's available memory is read from /proc/meminfo")
    func availableMemory() throws {
        let available = try #require(TestServer.availableMemory())
        #expect(available > 1 << 20 && available < 1 << 50, "\(available) bytes")
    }
}
