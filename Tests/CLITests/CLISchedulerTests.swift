import Foundation
import Testing

/// `icpledger scheduler run-once` with a test clock: the cron way to the scheduler.
@Suite("icpledger scheduler run-once")
struct CLISchedulerTests {
    static let testing: [String: String?] = ["ICPLEDGER_TESTING": "on"]

    func at(_ instant: String) -> [String: String?] { Self.testing.merging(["ICPLEDGER_TEST_CLOCK": instant]) { $1 } }

    @Test("an overdue ICP is flagged and reminded once however often cron runs it; the test clock is refused outside tests")
    func runOnce() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let name = Fixtures.icpName
        let january = at("2026-01-05T09:00:00Z")
        try await cli.ok(["workspace", "create", "acme"])
        try await cli.ok(["principal", "grant", "bob", "--role", "approver", "--workspace", "acme"])
        let file = try cli.write("new.yaml", Fixtures.newICP)
        #expect(try await cli.run(["icp", "propose", file, "--workspace", "acme", "--rationale", "First."], environment: january).status == 0)
        #expect(try await cli.run(["revision", "approve", name, "1", "--workspace", "acme"], as: "bob", environment: january).status == 0)
        #expect(
            try await cli.run(["revision", "publish", name, "1", "--workspace", "acme", "--effective", "2026-01-05"], environment: january)
                .status == 0)

        let april = try await cli.run(["scheduler", "run-once", "--json"], environment: at("2026-04-20T09:00:00Z"))
        #expect(april.status == 0, "\(april)")
        let run = try #require(try cli.json(april) as? [String: Any])
        #expect(run["led"] as? Bool == true && run["recorded"] as? Int == 2, "the flag and the latest reminder: \(april)")
        let again = try await cli.run(["scheduler", "run-once"], environment: at("2026-04-20T18:00:00Z"))
        #expect(again.stdout.contains("recorded 0 review notices"), "\(again)")
        let week = try await cli.run(["scheduler", "run-once"], environment: at("2026-04-27T09:00:00Z"))
        #expect(week.stdout.contains("recorded 1 review notice "), "the next weekly reminder: \(week)")

        // The portfolio on that day: overdue by 15 days, as a table, as JSON and as a calendar.
        let april20 = at("2026-04-20T09:00:00Z")
        let table = try await cli.run(["schedule", "--all-workspaces"], environment: april20)
        #expect(table.status == 0 && table.stdout.contains("overdue") && table.stdout.contains("15 overdue"), "\(table)")
        let json = try await cli.run(["schedule", "--workspace", "acme", "--json"], environment: april20)
        let entries = try #require(try cli.json(json) as? [[String: Any]])
        #expect(entries.map { $0["status"] as? String } == ["overdue"] && entries.first?["daysLeft"] as? Int == -15, "\(json)")
        let ics = try await cli.run(["schedule", "--workspace", "acme", "--ics"], environment: april20)
        #expect(ics.stdout.hasPrefix("BEGIN:VCALENDAR\r\n") && ics.stdout.contains("SUMMARY:Overdue: ICP review due: \(name)"), "\(ics)")
        let both = try await cli.run(["schedule", "--workspace", "acme", "--all-workspaces"])
        #expect(both.status == 64, "\(both)")
        let unnamed = try await cli.run(["schedule"])
        #expect(unnamed.status == 1 && unnamed.stderr.contains("--all-workspaces"), "\(unnamed)")

        let refused = try await cli.run(["scheduler", "run-once"], environment: ["ICPLEDGER_TEST_CLOCK": "2026-04-20T09:00:00Z"])
        #expect(refused.status == 1 && refused.stderr.contains("ICPLEDGER_TEST_CLOCK"), "\(refused)")
        let garbled = try await cli.run(["scheduler", "run-once"], environment: at("next tuesday"))
        #expect(garbled.status == 1 && garbled.stderr.contains("+90d"), "\(garbled)")
    }
}
