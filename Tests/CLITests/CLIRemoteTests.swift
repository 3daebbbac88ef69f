import Foundation
import PostgresTestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The CLI as a client of the HTTP API: with ICPLEDGER_SERVER and ICPLEDGER_TOKEN it goes through a
/// running `icpledger serve` instead of the database, prints what direct mode prints, and the token,
/// never `--as`, says who acts.
@Suite("icpledger CLI through a server")
struct CLIRemoteTests {
    /// `icpledger serve` on a free port of loopback, against the CLI's test database.
    final class Server: @unchecked Sendable {
        let process: Process
        let url: String
        let log: URL

        init(_ cli: CLI, environment extra: [String: String] = [:]) async throws {
            let port = try LoopbackPort.free()
            url = "http://127.0.0.1:\(port)"
            log = cli.folder.appendingPathComponent("serve-\(UUID().uuidString).log")
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            process = Process()
            process.executableURL = cli.binary
            process.arguments = ["serve", "--port", String(port)]
            var environment = ProcessInfo.processInfo.environment
            for (key, value) in cli.environment { environment[key] = value }
            environment["ICPLEDGER_LOG_LEVEL"] = "warning"
            for (key, value) in extra { environment[key] = value }
            process.environment = environment
            process.currentDirectoryURL = cli.folder
            process.standardOutput = FileHandle.nullDevice
            process.standardError = try FileHandle(forWritingTo: log)
            try process.run()
            for _ in 0..<300 {
                if let (_, response) = try? await URLSession.shared.data(from: URL(string: url + "/live")!),
                    (response as? HTTPURLResponse)?.statusCode == 200
                {
                    return
                }
                guard process.isRunning else { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            stop()
            throw CLIHarnessError("icpledger serve did not come up: \(String(decoding: try Data(contentsOf: log), as: UTF8.self).suffix(2000))")
        }

        func stop() {
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
        }
    }

    /// A workspace `acme` (alice admin, bob approver, carol viewer) made in direct mode, a token for each,
    /// and a server.
    struct World {
        let cli: CLI
        let server: Server
        let tokens: [String: String]

        static func make() async throws -> World {
            let cli = try await CLI.make()
            try await cli.ok(["workspace", "create", "acme"])
            try await cli.ok(["principal", "grant", "bob", "--role", "approver", "--workspace", "acme"])
            try await cli.ok(["principal", "grant", "carol", "--role", "viewer", "--workspace", "acme"])
            var tokens: [String: String] = [:]
            for person in ["alice", "bob", "carol"] {
                tokens[person] = try await cli.ok(["token", "create", "--principal", person, "--workspace", "acme"]).lastLine
            }
            return World(cli: cli, server: try await Server(cli), tokens: tokens)
        }

        /// Runs the CLI against the server with `person`'s token. The database settings point nowhere,
        /// so a command that touched the database instead of the API would fail.
        func remote(_ arguments: [String], token: String?, server: String? = nil) async throws -> CLIResult {
            try await cli.run(
                arguments,
                environment: [
                    "ICPLEDGER_SERVER": server ?? self.server.url, "ICPLEDGER_TOKEN": token,
                    "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/nothing", "ICPLEDGER_APP_DATABASE_URL": nil,
                    "ICPLEDGER_SYSTEM_DATABASE_URL": nil,
                ])
        }

        @discardableResult
        func remote(_ arguments: [String], as person: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> CLIResult {
            let result = try await remote(arguments, token: tokens[person])
            #expect(
                result.status == 0, "remote icpledger \(arguments.joined(separator: " ")) as \(person): \(result)", sourceLocation: sourceLocation)
            return result
        }

        func close() {
            server.stop()
            cli.cleanUp()
        }
    }

    @Test("the walk-through through the API: four-eyes by two tokens, the token's person acts, reads print what direct mode prints")
    func walkthrough() async throws {
        let world = try await World.make()
        defer { world.close() }
        let cli = world.cli
        let name = Fixtures.icpName
        let file = try cli.write("new.yaml", Fixtures.newICP)

        let planned = try await world.remote(["icp", "plan", file, "--workspace", "acme"], token: world.tokens["alice"])
        #expect(planned.status == 2, "a new ICP plans as a change: \(planned)")
        let proposed = try await world.remote(["icp", "propose", file, "--workspace", "acme", "--rationale", "Our first ICP."], as: "alice")
        #expect(proposed.lastLine == "1", "\(proposed)")
        #expect(proposed.stdout.contains("with their own token") && !proposed.stdout.contains("--as"))

        // The proposer's own token cannot approve; nothing is stored.
        let before = try await cli.stored()
        let selfApproval = try await world.remote(["revision", "approve", name, "1", "--workspace", "acme"], token: world.tokens["alice"])
        #expect(selfApproval.status == 1 && selfApproval.stderr.hasPrefix("icpledger: error: "), "\(selfApproval)")
        #expect(selfApproval.stderr.split(separator: "\n").count == 1)
        #expect(try await cli.stored() == before)

        try await world.remote(["revision", "approve", name, "1", "--workspace", "acme", "--comment", "Fits the wins."], as: "bob")
        let published = try await world.remote(
            ["revision", "publish", name, "1", "--workspace", "acme", "--effective", "2026-01-05", "--backdated"], as: "alice")
        #expect(published.stdout == "\(name) revision 1: published, effective 2026-01-05\n", "\(published)")

        // The actors are the tokens' people: alice proposed, bob approved.
        let people = try #require(try cli.json(try await cli.ok(["principal", "list", "--workspace", "acme", "--json"])) as? [[String: Any]])
        func id(_ person: String) -> String? { people.first { $0["name"] as? String == person }?["principal"] as? String }
        let history = try #require(
            try cli.json(try await world.remote(["icp", "history", name, "--workspace", "acme", "--json"], as: "carol")) as? [[String: Any]])
        #expect(history.first?["proposer"] as? String == id("alice"))
        #expect(history.first?["approvers"] as? [String] == [id("bob")].compactMap { $0 })

        // A change through the file, then every read twice: the same bytes from the API as from the database.
        let exported = try await world.remote(["icp", "export", name, "--workspace", "acme"], as: "carol")
        let edited = try cli.write("icp.yaml", exported.stdout.replacingOccurrences(of: "value: 40000", with: "value: 50000"))
        try await world.remote(
            [
                "finding", "record", "--workspace", "acme", "--type", "win-loss", "--summary", "Small deals churn.", "--severity", "high", "--icp",
                name,
            ], as: "alice")
        let second = try await world.remote(["icp", "propose", edited, "--workspace", "acme", "--rationale", "Raise the floor."], as: "alice")
        #expect(second.lastLine == "2", "\(second)")
        try await world.remote(["review", "record", name, "--workspace", "acme", "--outcome", "reaffirmed", "--notes", "Still right."], as: "bob")

        let reads: [[String]] = [
            ["workspace", "list"], ["workspace", "show", "acme"], ["workspace", "show", "acme", "--json"],
            ["principal", "list", "--workspace", "acme"],
            ["icp", "list", "--workspace", "acme"], ["icp", "list", "--workspace", "acme", "--json"],
            ["icp", "show", name, "--workspace", "acme"], ["icp", "show", name, "--workspace", "acme", "--json"],
            ["icp", "history", name, "--workspace", "acme"], ["icp", "history", name, "--workspace", "acme", "--json"],
            ["icp", "history", name, "--workspace", "acme", "--rule", "acvUSD"],
            ["icp", "diff", name, "--workspace", "acme"], ["icp", "diff", name, "--workspace", "acme", "--from", "1", "--to", "2", "--json"],
            ["icp", "as-of", name, "--workspace", "acme", "--operating-on", "2026-02-01"],
            ["icp", "as-of", name, "--workspace", "acme", "--recorded-at", "2999-01-01T00:00:00Z", "--json"],
            ["icp", "findings", "--workspace", "acme"], ["icp", "findings", "--workspace", "acme", "--open", "--json"],
            ["icp", "export", name, "--workspace", "acme"], ["icp", "export", name, "--workspace", "acme", "--revision", "2", "--json"],
            ["icp", "plan", edited, "--workspace", "acme"], ["icp", "plan", edited, "--workspace", "acme", "--json"],
            ["icp", "plan", edited, "--workspace", "acme", "--evidence", "https://example.com/q3-win-loss", "--json"],
            ["icp", "lint", name, "--workspace", "acme"], ["icp", "lint", name, "--workspace", "acme", "--revision", "2", "--json"],
        ]
        for arguments in reads {
            let direct = try await cli.run(arguments)
            let remote = try await world.remote(arguments, token: world.tokens["carol"])
            #expect(direct.status == remote.status, "\(arguments): direct \(direct) remote \(remote)")
            #expect(direct.stdout == remote.stdout, "\(arguments):\n--- direct\n\(direct.stdout)--- remote\n\(remote.stdout)")
            #expect(!direct.stdout.isEmpty, "\(arguments): \(direct)")
        }
        // The same refusal either way: an unknown ICP.
        let unknownDirect = try await cli.run(["icp", "show", "Nope", "--workspace", "acme"])
        let unknownRemote = try await world.remote(["icp", "show", "Nope", "--workspace", "acme"], token: world.tokens["carol"])
        #expect(unknownDirect.status == 1 && unknownRemote.status == 1 && unknownDirect.stderr == unknownRemote.stderr, "\(unknownRemote)")
    }

    @Test("refusals through the API: --as, a viewer's write, a bad or missing token, an unreachable server; nothing stored")
    func refusals() async throws {
        let world = try await World.make()
        defer { world.close() }
        let cli = world.cli
        let before = try await cli.stored()
        let record = ["finding", "record", "--workspace", "acme", "--type", "pipeline", "--summary", "Slow stage 2.", "--severity", "low"]

        let named = try await world.remote(record + ["--as", "bob"], token: world.tokens["alice"])
        #expect(named.status == 1 && named.stderr.contains("--as") && named.stderr.contains("token"), "\(named)")

        let viewer = try await world.remote(record, token: world.tokens["carol"])
        #expect(viewer.status == 1 && viewer.stderr.hasPrefix("icpledger: error: "), "\(viewer)")

        let forged = try await world.remote(record, token: "icpl_" + String(repeating: "x", count: 43))
        #expect(forged.status == 1 && forged.stderr.contains("refused the token"), "\(forged)")
        #expect(!forged.stderr.contains("xxxxxxxx"), "the token is not echoed")

        let missing = try await world.remote(record, token: nil)
        #expect(missing.status == 1 && missing.stderr.contains("ICPLEDGER_TOKEN"), "\(missing)")

        let closed = try await world.remote(record, token: world.tokens["alice"], server: "http://127.0.0.1:\(try LoopbackPort.free())")
        #expect(closed.status == 1 && closed.stderr.contains("cannot reach"), "\(closed)")
        #expect(closed.stderr.split(separator: "\n").count == 1)

        let cleartext = try await world.remote(record, token: world.tokens["alice"], server: "http://ledger.invalid:9")
        #expect(cleartext.status == 1 && cleartext.stderr.contains("plain http") && cleartext.stderr.contains("cannot reach"), "\(cleartext)")

        let malformed = try await world.remote(record, token: world.tokens["alice"], server: "ftp://ledger")
        #expect(malformed.status == 1 && malformed.stderr.contains("ICPLEDGER_SERVER must be"), "\(malformed)")

        // Operator commands work on the database only: --server is not theirs.
        let migrate = try await cli.run(["migrate", "--server", world.server.url])
        #expect(migrate.status == 64, "\(migrate)")

        #expect(try await cli.stored() == before)
        // And the token's person can write: the same finding by alice is stored once.
        let recorded = try await world.remote(record, as: "alice")
        #expect(recorded.stdout.hasPrefix("recorded pipeline finding"), "\(recorded)")
    }
}
