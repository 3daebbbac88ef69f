import Foundation
import Postgres
import PostgresTestSupport
import SampleData
import Subprocess
import Testing

/// Fault 3 of the hardening issue, from the outside: a rebuild killed at any moment leaves the live read models as they were.
@Suite("icpledger rebuild, interrupted", .serialized)
struct CLIRebuildTests {
    /// Every read-model table's rows as text, in key order.
    static func snapshot(_ cli: CLI) async throws -> [String] {
        try await cli.database.withConnection(cli.database.system) { connection in
            try ["workspaces", "workspace_members", "icp_list", "icp_current", "icp_revisions", "disqualifier_registry", "findings"]
                .flatMap { table in
                    try connection.query(PostgresQuery(unsafeSQL: "SELECT t::text FROM \(table) t ORDER BY 1")).map {
                        try $0.column(0, as: String.self)
                    }
                }
        }
    }

    @Test("killed at any point of its run, a rebuild changes nothing; the next one runs")
    func killedRebuild() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        _ = try await SyntheticFeed.append(total: 20_000, app: cli.database.app)
        try await cli.ok(["rebuild"])
        let before = try await Self.snapshot(cli)
        #expect(before.count > 1_000)
        for delay in [0.05, 0.15, 0.3, 0.5, 0.8, 1.2, 1.8] {
            // SIGKILLed `delay` seconds in (unless it has already finished); `run` returns once it has exited.
            _ = try await Subprocess.run(
                .path(.init(cli.binary.path)), arguments: ["rebuild"],
                environment: CLI.subprocessEnvironment(cli.environment),
                input: .none, output: .discarded, error: .discarded
            ) { execution in
                try await Task.sleep(for: .milliseconds(Int(delay * 1000)))
                try? execution.send(signal: .kill)
            }
            #expect(try await Self.snapshot(cli) == before, "after a kill at \(delay) s")
        }
        // The lock died with the killed sessions: the next rebuild is not refused.
        let final = try await cli.ok(["rebuild"])
        #expect(final.stdout.contains("rebuilt"))
        #expect(try await Self.snapshot(cli) == before)
    }
}
