import Foundation
import PostgresEmbedded
import Subprocess
import Testing

/// The test suite's watchdog must leave nothing of the throwaway cluster behind.
@Suite("The throwaway watchdog cleans up after the process it watches")
struct EmbeddedWatchdogTests {
    @Test("once the watched process is gone, the whole folder and the socket folder are removed")
    func removesEverything() async throws {
        let scratch = try EmbeddedScratch()
        defer { scratch.remove() }
        let data = scratch.path + "/pgdata"
        let socket = scratch.path + "-socket"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: false)
        try FileManager.default.createDirectory(atPath: socket, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: socket) }
        let embedded = EmbeddedPostgres(dataDirectory: data, durable: false, socketDirectory: socket)

        // The watchdog watches a process that sleeps for a second; `run` returns once that has ended.
        _ = try await Subprocess.run(.path("/bin/sleep"), arguments: ["1"], input: .none, output: .discarded, error: .discarded) { sleeper in
            try await embedded.stopWhenProcessExits(sleeper.processIdentifier.value, thenRemoving: scratch.path)
        }

        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline, FileManager.default.fileExists(atPath: scratch.path) || FileManager.default.fileExists(atPath: socket) {
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.path), "the folder holding the data folder is left")
        #expect(!FileManager.default.fileExists(atPath: socket), "the socket folder is left")
    }
}
