import Foundation
import Postgres
import PostgresEmbedded
import PostgresTestSupport
import Testing

/// `icpledger` with no database configured, on its own embedded cluster in a scratch data folder.
@Suite("icpledger CLI on its own embedded cluster", .timeLimit(.minutes(10)))
struct CLIEmbeddedClusterTests {
    /// A scratch folder holding the data folder, and an environment that names no database server.
    struct Scratch {
        let folder: URL
        let dataDirectory: String
        let environment: [String: String?]
        let binary: URL

        init() throws {
            folder = try CLI.scratchFolder("icpledger-cli-embedded")
            dataDirectory = folder.appendingPathComponent("data").path
            var environment = CLI.baseEnvironment()
            environment["ICPLEDGER_DATA_DIR"] = dataDirectory
            self.environment = environment
            binary = try CLI.binaryURL()
        }

        var embedded: EmbeddedPostgres { EmbeddedPostgres(dataDirectory: dataDirectory) }

        @discardableResult
        func run(_ arguments: [String]) async throws -> CLIResult {
            try await CLI.launch(binary, arguments, environment: environment, in: folder)
        }

        /// Runs the same command `count` times at once.
        func together(_ arguments: [String], count: Int) async throws -> [CLIResult] {
            try await withThrowingTaskGroup(of: CLIResult.self) { group in
                for _ in 0..<count { group.addTask { try await run(arguments) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }

        /// Stops a cluster a failed test may have left running, and removes every file of it.
        func cleanUp() async {
            // In a task of its own, which a cancelled test (a time limit) does not cancel.
            let embedded = embedded
            await Task { try? await embedded.stop() }.value
            try? FileManager.default.removeItem(atPath: embedded.socketDirectory)
            try? FileManager.default.removeItem(at: folder)
        }

        /// Runs `body` on a new scratch folder, then cleans up whether `body` returned or threw.
        static func using(_ body: (Scratch) async throws -> Void) async throws {
            let scratch = try Scratch()
            do {
                try await body(scratch)
            } catch {
                await scratch.cleanUp()
                throw error
            }
            await scratch.cleanUp()
        }
    }

    @Test("four commands at once on a brand-new data folder, then on the stopped cluster: all succeed, none leaves it running")
    func fourAtOnce() async throws {
        try await Scratch.using { scratch in
            for round in ["brand-new folder", "stopped cluster"] {
                let results = try await scratch.together(["workspace", "list", "--json"], count: 4)
                for result in results {
                    #expect(result.status == 0, "\(round): \(result)")
                }
                let status = try await scratch.run(["db", "status"])
                #expect(status.status == 1 && status.stdout.hasPrefix("stopped"), "\(round): the cluster was left running: \(status)")
            }
            #expect(!FileManager.default.fileExists(atPath: scratch.embedded.socketDirectory), "the socket folder is left")
            await scratch.cleanUp()
            #expect(!FileManager.default.fileExists(atPath: scratch.folder.path))
        }
    }

    @Test("db start prints a psql line whose role sees the data")
    func psqlLine() async throws {
        try await Scratch.using { scratch in
            try #require(try await scratch.run(["workspace", "create", "acme"]).status == 0)
            let started = try await scratch.run(["db", "start"])
            #expect(started.status == 0, "\(started)")
            let line = try #require(started.stdout.split(separator: "\n").first { $0.contains("psql ") }, "\(started)")
            let words = line[line.range(of: "psql ")!.upperBound...].split(separator: " ").map(String.init)
            func value(after flag: String) -> String? {
                words.firstIndex(of: flag).flatMap { $0 + 1 < words.count ? words[$0 + 1] : nil }
            }
            let settings = PostgresConnectionSettings(overrides: [
                "host": try #require(value(after: "-h")), "port": try #require(value(after: "-p")),
                "user": try #require(value(after: "-U")), "dbname": try #require(words.last),
            ])
            let counts = try await Blocking.run {
                let connection = try PostgresConnection(settings: settings)
                return [
                    try connection.query("SELECT count(*)::int FROM events").single().column(0, as: Int.self),
                    try connection.query("SELECT count(*)::int FROM workspaces").single().column(0, as: Int.self),
                ]
            }
            #expect(counts[0] > 0 && counts[1] == 1, "the role in '\(line)' sees \(counts[0]) events and \(counts[1]) workspaces")
            #expect(try await scratch.run(["db", "stop"]).status == 0)
        }
    }
}
