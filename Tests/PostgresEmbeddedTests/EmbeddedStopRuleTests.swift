import Foundation
import PostgresEmbedded
import Subprocess
import Testing

/// Who stops a shared embedded cluster: its last user, and only if it was started for one-off use;
/// `serve`'s watchdog follows the same rule.
@Suite("The embedded cluster is stopped by its last user only")
struct EmbeddedStopRuleTests {
    /// Runs `program ARGS…` (output discarded), hands `body` its process id while it runs, and returns
    /// once `body` is done and the program has exited.
    func whileRunning(_ program: String, _ arguments: [String], _ body: (Int32) async throws -> Void) async throws {
        _ = try await Subprocess.run(
            .path(.init(program)), arguments: Arguments(arguments),
            input: .none, output: .discarded, error: .discarded
        ) { execution in
            try await body(execution.processIdentifier.value)
        }
    }

    /// Waits up to 30 seconds for a file to appear.
    func waitForFile(_ path: String) async throws {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, !FileManager.default.fileExists(atPath: path) {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(FileManager.default.fileExists(atPath: path), "\(path) never appeared")
    }

    /// Waits up to `seconds` for the cluster to reach `running`; returns whether it did.
    func waitFor(_ embedded: EmbeddedPostgres, running: Bool, seconds: Double) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await embedded.status().running == running { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return try await embedded.status().running == running
    }

    @Test("a user that is not the last leaves it running; the watchdog stops it once its process and the other users are gone")
    func lastUserStops() async throws {
        let scratch = try EmbeddedScratch()
        defer { scratch.remove() }
        let embedded = EmbeddedPostgres(dataDirectory: scratch.path + "/data", durable: false, socketDirectory: scratch.path + "/socket")
        try await embedded.stoppedAfter {
            // Another process uses the cluster (holds its lock shared) until told to go, and plays `serve`.
            let lease = try await embedded.start()
            let ready = scratch.path + "/ready", go = scratch.path + "/go"
            try await whileRunning(
                "/usr/bin/flock",
                [
                    "-s", embedded.lockFile, "/bin/sh", "-c", "touch \"$0\"; while [ ! -e \"$1\" ]; do sleep 0.1; done", ready, go,
                ]
            ) { other in
                try await waitForFile(ready)
                try await embedded.stopWhenProcessExits(other)
                await lease.end()
                #expect(try await embedded.status().running, "a user stopped the cluster while another process used it")
                #expect(FileManager.default.createFile(atPath: go, contents: nil))
            }
            #expect(try await waitFor(embedded, running: false, seconds: 15), "the watchdog left an unused cluster running")
            let socketGone = Date().addingTimeInterval(5)
            while Date() < socketGone, FileManager.default.fileExists(atPath: embedded.socketDirectory) {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(!FileManager.default.fileExists(atPath: embedded.socketDirectory), "the socket folder is left")
        }
    }

    @Test("the watchdog does not stop a cluster another process still uses; that user stops it when done")
    func watchdogSparesUsers() async throws {
        let scratch = try EmbeddedScratch()
        defer { scratch.remove() }
        let embedded = EmbeddedPostgres(dataDirectory: scratch.path + "/data", durable: false, socketDirectory: scratch.path + "/socket")
        try await embedded.stoppedAfter {
            let lease = try await embedded.start()
            try await whileRunning("/bin/sleep", ["1"]) { serve in
                try await embedded.stopWhenProcessExits(serve)
            }
            try await Task.sleep(for: .seconds(3))
            #expect(try await embedded.status().running, "the watchdog stopped a cluster in use")
            await lease.end()
            #expect(try await waitFor(embedded, running: false, seconds: 15), "its last user left it running")
        }
    }

    @Test("a cluster started to keep running outlives its users, and the watchdog leaves it too")
    func keepRunning() async throws {
        let scratch = try EmbeddedScratch()
        defer { scratch.remove() }
        let embedded = EmbeddedPostgres(dataDirectory: scratch.path + "/data", durable: false, socketDirectory: scratch.path + "/socket")
        try await embedded.stoppedAfter {
            // Started for one-off use, then `db start` joins it: the mark goes, and nobody stops it any more.
            let first = try await embedded.start()
            let kept = try await embedded.start(policy: .keepRunning)
            #expect(kept.cluster.startedHere == false)
            await kept.end()
            try await whileRunning("/bin/sleep", ["1"]) { serve in
                try await embedded.stopWhenProcessExits(serve)
                await first.end()
            }
            try await Task.sleep(for: .seconds(3))
            #expect(try await embedded.status().running, "a cluster left running on purpose was stopped")
            try await embedded.stop()
            #expect(try await embedded.status().running == false)
        }
    }
}
